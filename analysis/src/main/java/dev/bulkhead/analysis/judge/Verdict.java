package dev.bulkhead.analysis.judge;

/** The outcome of judging one segment (or one indicator of a segment) at one look. */
public enum Verdict {
    /** Minimum sample reached and evidence that any regression is below the relevant size (or none after the bake). */
    PASS,
    /** The sequential test found a relevant regression of canary versus stable. */
    FAIL,
    /** Enough data, no decision yet: keep watching. */
    INCONCLUSIVE,
    /** Fewer events than the minimum sample, or an arm missing: never a pass, never a fail. */
    NO_DATA,
    /** The metric source failed or rejected the query, or the data was stale or partial. */
    ERROR,
    /** Stable degraded as much as canary in the same window: an incident of the environment, not of the release. */
    ENVIRONMENT_INCIDENT;

    /**
     * Severity order used to combine indicators into a segment verdict: an error hides everything, a failure
     * beats an incident, missing data beats an open question, and a segment passes only when every indicator does.
     */
    int severity() {
        return switch (this) {
            case ERROR -> 5;
            case FAIL -> 4;
            case ENVIRONMENT_INCIDENT -> 3;
            case NO_DATA -> 2;
            case INCONCLUSIVE -> 1;
            case PASS -> 0;
        };
    }

    /** The most severe of two verdicts. */
    public static Verdict worst(Verdict a, Verdict b) {
        return a.severity() >= b.severity() ? a : b;
    }
}
