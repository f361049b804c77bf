package dev.bulkhead.engine.plan;

/**
 * What the engine does when a segment fails or the analysis cannot decide. Defaults are the safe
 * ones: roll back automatically, only the failing segment (and later ones), keep earlier segments
 * that passed; hold on inconclusive and no-data and pause for a human after 10 intervals (low traffic
 * must not roll anything back); roll back after more than 4 consecutive analysis errors (the value
 * Argo Rollouts uses for {@code consecutiveErrorLimit}).
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
        int consecutiveErrorLimit) {

    public static final int DEFAULT_INCONCLUSIVE_LIMIT = 10;
    public static final int DEFAULT_NO_DATA_LIMIT = 10;
    public static final int DEFAULT_CONSECUTIVE_ERROR_LIMIT = 4;

    public static RollbackPolicy defaults() {
        return new RollbackPolicy(true, Scope.SEGMENT, true, Reaction.ROLLBACK,
                HoldAction.PAUSE, DEFAULT_INCONCLUSIVE_LIMIT, HoldAction.PAUSE, DEFAULT_NO_DATA_LIMIT,
                HoldAction.ROLLBACK, DEFAULT_CONSECUTIVE_ERROR_LIMIT);
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

    /** What happens when a hold (inconclusive, no-data, analysis error) reaches its limit. */
    public enum HoldAction {
        PAUSE,
        ROLLBACK
    }
}
