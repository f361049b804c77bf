package dev.bulkhead.analysis.judge;

/**
 * Every reason a verdict can carry, in one place (CamelCase, as Kubernetes condition reasons). The operator copies
 * them into conditions and events; docs/analysis.md lists what each means.
 */
public final class VerdictReasons {

    // FAIL
    public static final String RELEVANT_REGRESSION = "RelevantRegression";
    /** One or more canary tenants are relevantly worse than the segment's stable rate on their own (per-tenant test). */
    public static final String TENANT_REGRESSION = "TenantRegression";
    // PASS
    public static final String REGRESSION_BELOW_RELEVANT_SIZE = "RegressionBelowRelevantSize";
    /** A time-uniform upper bound of the canary's rate is below the relevant level of its tenants' normal rate. */
    public static final String RELEVANT_REGRESSION_EXCLUDED = "RelevantRegressionExcluded";
    /** No longer given (a bake's end is not evidence); kept so that verdicts recorded before still read. */
    public static final String NO_EVIDENCE_OF_REGRESSION = "NoEvidenceOfRegression";
    // INCONCLUSIVE
    public static final String OBSERVING = "Observing";
    public static final String SMALL_REGRESSION = "SmallRegression";
    public static final String REGRESSION_NOT_YET_SIGNIFICANT = "RegressionNotYetSignificant";
    // NO_DATA
    public static final String BELOW_MINIMUM_SAMPLE = "BelowMinimumSample";
    public static final String NO_CANARY_TRAFFIC = "NoCanaryTraffic";
    public static final String NO_STABLE_TRAFFIC = "NoStableTraffic";
    // ENVIRONMENT_INCIDENT
    public static final String STABLE_DEGRADED_TOO = "StableDegradedToo";
    // ERROR
    public static final String QUERY_REJECTED = "QueryRejected";
    public static final String METRIC_SOURCE_UNAVAILABLE = "MetricSourceUnavailable";
    public static final String METRIC_SOURCE_UNAUTHORIZED = "MetricSourceUnauthorized";
    public static final String METRIC_SOURCE_MALFORMED = "MetricSourceMalformed";
    public static final String PARTIAL_DATA = "PartialData";
    public static final String STALE_DATA = "StaleData";
    public static final String BUCKET_NOT_FOUND = "BucketNotFound";
    public static final String QUERY_SHAPE = "QueryShape";

    private VerdictReasons() {
    }
}
