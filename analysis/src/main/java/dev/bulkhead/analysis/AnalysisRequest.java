package dev.bulkhead.analysis;

import dev.bulkhead.analysis.judge.JudgeConfig;
import dev.bulkhead.analysis.model.ServiceLevelObjective;
import dev.bulkhead.analysis.model.Segmentation;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One look of the analysis of one rollout and SLO.
 *
 * @param slo            the SLO whose indicators are judged
 * @param segmentation   tenant → segment (the operator resolves ConfigMap-listed tenants before building it)
 * @param segments       the segments to judge (those exposed so far); empty judges every segment
 * @param canaryVersion  value of the SLO's version label for canary traffic
 * @param stableVersion  value for stable traffic
 * @param judge          the judge's error rates, minimum sample and minimum regression
 * @param evaluationTime the time the queries are evaluated at (an input: the analysis never reads a clock)
 * @param interval       window of the first look; later looks cover the time since the previous look
 * @param bakedSegments  the segments whose current step's bake time has elapsed (a pass without a crossed boundary
 *                       needs it): the current segment once its step baked, and those that passed every step
 * @param includeBudgets whether to compute burn rates and budgets per segment and for the canary's own traffic
 * @param previous       the state returned by the previous look, or null for the first
 * @param historyWindow  how long a window before the rollout gives each tenant's normal rate ({@link
 *                       dev.bulkhead.analysis.judge.TenantHistory}); null for none (tenants are compared directly)
 * @param historyEnd     when that window ends: before anybody was exposed (null: the start of the first look's window)
 * @param rolloutIndicators the number of indicators over every SLO of the rollout, over which the false-rollback rate is
 *                       split (0: this SLO's)
 */
public record AnalysisRequest(ServiceLevelObjective slo, Segmentation segmentation, List<String> segments,
        String canaryVersion, String stableVersion, JudgeConfig judge, Instant evaluationTime, Duration interval,
        Set<String> bakedSegments, boolean includeBudgets, AnalysisState previous, Duration historyWindow,
        Instant historyEnd, int rolloutIndicators) {

    /** Bulkhead's default history: the day before the rollout, which covers every hour of a daily cycle. */
    public static final Duration DEFAULT_HISTORY = Duration.ofHours(24);

    /** A request with the default history window, ending where the first look's window starts. */
    public AnalysisRequest(ServiceLevelObjective slo, Segmentation segmentation, List<String> segments,
            String canaryVersion, String stableVersion, JudgeConfig judge, Instant evaluationTime, Duration interval,
            Set<String> bakedSegments, boolean includeBudgets, AnalysisState previous) {
        this(slo, segmentation, segments, canaryVersion, stableVersion, judge, evaluationTime, interval, bakedSegments,
                includeBudgets, previous, DEFAULT_HISTORY, null, 0);
    }

    public AnalysisRequest {
        Objects.requireNonNull(slo, "slo");
        Objects.requireNonNull(segmentation, "segmentation");
        segments = segments == null || segments.isEmpty() ? segmentation.names() : List.copyOf(segments);
        for (String s : segments) {
            if (!segmentation.names().contains(s)) {
                throw new IllegalArgumentException("segments: '" + s + "' is not a segment of the segmentation "
                        + segmentation.names());
            }
        }
        if (canaryVersion == null || canaryVersion.isEmpty() || stableVersion == null || stableVersion.isEmpty()) {
            throw new IllegalArgumentException("canaryVersion and stableVersion are required");
        }
        if (canaryVersion.equals(stableVersion)) {
            throw new IllegalArgumentException("canaryVersion and stableVersion must differ, both are '" + canaryVersion + "'");
        }
        bakedSegments = bakedSegments == null ? Set.of() : Set.copyOf(bakedSegments);
        Objects.requireNonNull(judge, "judge");
        Objects.requireNonNull(evaluationTime, "evaluationTime");
        Objects.requireNonNull(interval, "interval");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive, got " + interval);
        }
        if (historyWindow != null && (historyWindow.isNegative() || historyWindow.isZero())) {
            throw new IllegalArgumentException("historyWindow must be positive, got " + historyWindow);
        }
        if (rolloutIndicators < 0) {
            throw new IllegalArgumentException("rolloutIndicators must not be negative, got " + rolloutIndicators);
        }
    }

    /** The indicators the false-rollback rate is split over: every SLO's of the rollout, at least this SLO's. */
    public int indicatorsForSplit() {
        return Math.max(rolloutIndicators, slo.indicators().size());
    }

    /** The same request with another history window (null: none) ending at {@code end} (null: the first look's start). */
    public AnalysisRequest withHistory(Duration window, Instant end) {
        return new AnalysisRequest(slo, segmentation, segments, canaryVersion, stableVersion, judge, evaluationTime, interval,
                bakedSegments, includeBudgets, previous, window, end, rolloutIndicators);
    }

    /** The same request splitting the false-rollback rate over {@code n} indicators of the rollout. */
    public AnalysisRequest withRolloutIndicators(int n) {
        return new AnalysisRequest(slo, segmentation, segments, canaryVersion, stableVersion, judge, evaluationTime, interval,
                bakedSegments, includeBudgets, previous, historyWindow, historyEnd, n);
    }

    /** A first look over {@code interval} with default judge settings, all segments, no budgets. */
    public static AnalysisRequest of(ServiceLevelObjective slo, Segmentation segmentation, String canaryVersion,
            String stableVersion, Instant evaluationTime, Duration interval) {
        return new AnalysisRequest(slo, segmentation, List.of(), canaryVersion, stableVersion, JudgeConfig.defaults(),
                evaluationTime, interval, Set.of(), false, null);
    }

    public AnalysisRequest withJudge(JudgeConfig config) {
        return new AnalysisRequest(slo, segmentation, segments, canaryVersion, stableVersion, config, evaluationTime, interval,
                bakedSegments, includeBudgets, previous, historyWindow, historyEnd, rolloutIndicators);
    }

    /** Every segment judged so far (set {@link #withSegments} first) has baked ({@code true}), or none has. */
    public AnalysisRequest withBakeComplete(boolean complete) {
        return new AnalysisRequest(slo, segmentation, segments, canaryVersion, stableVersion, judge, evaluationTime, interval,
                complete ? Set.copyOf(segments) : Set.of(), includeBudgets, previous, historyWindow, historyEnd, rolloutIndicators);
    }

    /** Whether {@code segment}'s current step has baked. */
    public boolean bakeComplete(String segment) {
        return bakedSegments.contains(segment);
    }

    public AnalysisRequest withBudgets(boolean budgets) {
        return new AnalysisRequest(slo, segmentation, segments, canaryVersion, stableVersion, judge, evaluationTime, interval,
                bakedSegments, budgets, previous, historyWindow, historyEnd, rolloutIndicators);
    }

    public AnalysisRequest withSegments(List<String> judged) {
        return new AnalysisRequest(slo, segmentation, judged, canaryVersion, stableVersion, judge, evaluationTime, interval,
                bakedSegments, includeBudgets, previous, historyWindow, historyEnd, rolloutIndicators);
    }

    /** The next look: same rollout, a later evaluation time, the state the previous look returned. */
    public AnalysisRequest next(Instant at, AnalysisState state) {
        return new AnalysisRequest(slo, segmentation, segments, canaryVersion, stableVersion, judge, at, interval,
                bakedSegments, includeBudgets, state, historyWindow, historyEnd, rolloutIndicators);
    }
}
