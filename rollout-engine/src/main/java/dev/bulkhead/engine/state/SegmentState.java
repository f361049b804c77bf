package dev.bulkhead.engine.state;

import java.time.Instant;

/**
 * One segment's progress: the step it is at (-1 before the first), the percent of its tenants exposed
 * to the new revision, when the step started, the latest verdict since then and the hold counters.
 * {@code errorSince} is when the current run of analysis errors began (null when the latest look
 * judged): the outage budget counts from it.
 */
public record SegmentState(
        String segment,
        SegmentStatus status,
        int step,
        int exposedPercent,
        Instant stepStartedAt,
        Verdict lastVerdict,
        int inconclusiveCount,
        int noDataCount,
        int errorCount,
        Instant errorSince) {

    public SegmentState {
        errorSince = errorCount > 0 ? errorSince : null;
    }

    /** Without an error run, as the state was before the outage budget (and for tests). */
    public SegmentState(String segment, SegmentStatus status, int step, int exposedPercent, Instant stepStartedAt,
            Verdict lastVerdict, int inconclusiveCount, int noDataCount, int errorCount) {
        this(segment, status, step, exposedPercent, stepStartedAt, lastVerdict, inconclusiveCount, noDataCount, errorCount, null);
    }

    public static SegmentState pending(String segment) {
        return new SegmentState(segment, SegmentStatus.PENDING, -1, 0, null, null, 0, 0, 0);
    }

    public SegmentState enterStep(int newStep, int percent, Instant now) {
        return new SegmentState(segment, SegmentStatus.PROGRESSING, newStep, percent, now, null, 0, 0, 0);
    }

    public SegmentState withStatus(SegmentStatus newStatus) {
        return new SegmentState(segment, newStatus, step, exposedPercent, stepStartedAt, lastVerdict,
                inconclusiveCount, noDataCount, errorCount, errorSince);
    }

    public SegmentState rolledBack() {
        return new SegmentState(segment, SegmentStatus.ROLLED_BACK, step, 0, stepStartedAt, lastVerdict,
                inconclusiveCount, noDataCount, errorCount, errorSince);
    }

    public SegmentState withVerdict(Verdict verdict, int inconclusive, int noData, int errors) {
        return new SegmentState(segment, status, step, exposedPercent, stepStartedAt, verdict,
                inconclusive, noData, errors, errors > 0 ? errorSince : null);
    }

    /** One more analysis error in a row; the run started at {@code since} (now, for the first). */
    public SegmentState withError(int errors, Instant since) {
        return new SegmentState(segment, status, step, exposedPercent, stepStartedAt, Verdict.ERROR,
                inconclusiveCount, noDataCount, errors, since);
    }

    public SegmentState released(int percent) {
        return new SegmentState(segment, SegmentStatus.RELEASED, step, percent, stepStartedAt, lastVerdict,
                inconclusiveCount, noDataCount, errorCount, errorSince);
    }

    public boolean exposed() {
        return exposedPercent > 0;
    }
}
