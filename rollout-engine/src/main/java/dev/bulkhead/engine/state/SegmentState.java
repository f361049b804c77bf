package dev.bulkhead.engine.state;

import java.time.Instant;

/**
 * One segment's progress: the step it is at (-1 before the first), the percent of its tenants exposed
 * to the new revision, when the step started, the latest verdict since then and the hold counters.
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
        int errorCount) {

    public static SegmentState pending(String segment) {
        return new SegmentState(segment, SegmentStatus.PENDING, -1, 0, null, null, 0, 0, 0);
    }

    public SegmentState enterStep(int newStep, int percent, Instant now) {
        return new SegmentState(segment, SegmentStatus.PROGRESSING, newStep, percent, now, null, 0, 0, 0);
    }

    public SegmentState withStatus(SegmentStatus newStatus) {
        return new SegmentState(segment, newStatus, step, exposedPercent, stepStartedAt, lastVerdict,
                inconclusiveCount, noDataCount, errorCount);
    }

    public SegmentState rolledBack() {
        return new SegmentState(segment, SegmentStatus.ROLLED_BACK, step, 0, stepStartedAt, lastVerdict,
                inconclusiveCount, noDataCount, errorCount);
    }

    public SegmentState withVerdict(Verdict verdict, int inconclusive, int noData, int errors) {
        return new SegmentState(segment, status, step, exposedPercent, stepStartedAt, verdict,
                inconclusive, noData, errors);
    }

    public SegmentState released(int percent) {
        return new SegmentState(segment, SegmentStatus.RELEASED, step, percent, stepStartedAt, lastVerdict,
                inconclusiveCount, noDataCount, errorCount);
    }

    public boolean exposed() {
        return exposedPercent > 0;
    }
}
