package dev.bulkhead.engine.plan;

import java.time.Duration;

/**
 * What the engine does when a segment fails or the analysis cannot decide. Defaults are the safe
 * ones: roll back automatically, only the failing segment (and later ones), keep earlier segments
 * that passed; hold on inconclusive and no-data and pause for a human after 10 intervals (low traffic
 * must not roll anything back). Analysis errors (the metric source down, stale or partial data) are
 * missing evidence, never evidence of harm: they hold the rollout, and only once they have lasted
 * {@code analysisOutageBudget} (30 minutes) and more than {@code consecutiveErrorLimit} looks (4, the
 * value Argo Rollouts uses) does {@code onAnalysisError} apply to the step in progress: pause by
 * default, or withdraw that step's exposure. Released segments are never pulled back for an error.
 */
public record RollbackPolicy(
        boolean automatic,
        Scope scope,
        boolean keepEarlierSegments,
        Reaction reaction,
        HoldAction onInconclusive,
        int inconclusiveLimit,
        HoldAction onNoData,
        int noDataLimit,
        HoldAction onAnalysisError,
        int consecutiveErrorLimit,
        Duration analysisOutageBudget) {

    public static final int DEFAULT_INCONCLUSIVE_LIMIT = 10;
    public static final int DEFAULT_NO_DATA_LIMIT = 10;
    public static final int DEFAULT_CONSECUTIVE_ERROR_LIMIT = 4;
    /**
     * How long analysis errors may last before {@code onAnalysisError} applies: longer than a routine Prometheus
     * restart or upgrade, short enough that an unobserved step does not stay exposed for a shift.
     */
    public static final Duration DEFAULT_ANALYSIS_OUTAGE_BUDGET = Duration.ofMinutes(30);

    public static RollbackPolicy defaults() {
        return new RollbackPolicy(true, Scope.SEGMENT, true, Reaction.ROLLBACK,
                HoldAction.PAUSE, DEFAULT_INCONCLUSIVE_LIMIT, HoldAction.PAUSE, DEFAULT_NO_DATA_LIMIT,
                HoldAction.PAUSE, DEFAULT_CONSECUTIVE_ERROR_LIMIT, DEFAULT_ANALYSIS_OUTAGE_BUDGET);
    }

    /** Which segments a rollback returns to stable. */
    public enum Scope {
        /** The failing segment and every later one; earlier ones per {@code keepEarlierSegments}. */
        SEGMENT,
        /** Every segment. */
        ALL
    }

    /** What a failed verdict does when rollback is automatic. */
    public enum Reaction {
        /** Return the exposed tenants to stable. */
        ROLLBACK,
        /** For releases that cannot be reversed (schema migrations): stop exposure, alert, keep what is exposed. */
        FREEZE
    }

    /**
     * What happens when a hold (inconclusive, no-data, analysis error) reaches its limit. For analysis errors,
     * ROLLBACK withdraws only the step in progress: segments already released keep the revision.
     */
    public enum HoldAction {
        PAUSE,
        ROLLBACK
    }
}
