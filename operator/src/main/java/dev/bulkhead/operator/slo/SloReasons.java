package dev.bulkhead.operator.slo;

/** Condition reasons of a ServiceLevelObjective. */
public final class SloReasons {

    /** Ready=True: the SLO is valid and its budgets were computed from fresh data. */
    public static final String EVALUATED = "Evaluated";
    /** Ready=Unknown: valid, but no evaluation has succeeded yet. */
    public static final String AWAITING_METRICS = "AwaitingMetrics";
    /** Ready=False: spec.segmentationRef names no Segmentation in the namespace. */
    public static final String SEGMENTATION_NOT_FOUND = "SegmentationNotFound";
    /** Ready=False: the Segmentation exists but is not Ready (its own condition says why). */
    public static final String SEGMENTATION_NOT_READY = "SegmentationNotReady";
    /** Ready=False: an indicator cannot be turned into a query (selector, objective, labels). */
    public static final String INVALID_INDICATOR = "InvalidIndicator";
    /** Ready=False: spec.window or a burn-rate window is not a duration. */
    public static final String INVALID_WINDOW = "InvalidWindow";
    /** Ready=False: Prometheus refused a query built from the spec (bad PromQL, typically in a raw indicator). */
    public static final String QUERY_REJECTED = "QueryRejected";

    /** Degraded=False: the last evaluation read every query. */
    public static final String METRICS_AVAILABLE = "MetricsAvailable";
    /** Degraded=True: Prometheus did not answer; the budgets of the last good evaluation are kept. */
    public static final String METRIC_SOURCE_UNAVAILABLE = "MetricSourceUnavailable";
    /** Degraded=True: Prometheus refused Bulkhead's credentials. */
    public static final String METRIC_SOURCE_UNAUTHORIZED = "MetricSourceUnauthorized";
    /** Degraded=True: Prometheus answered with something that is not a query result. */
    public static final String METRIC_SOURCE_MALFORMED = "MetricSourceMalformed";
    /** Degraded=True: the API server refused the PrometheusRule Bulkhead keeps for this SLO. */
    public static final String PROMETHEUS_RULE_REJECTED = "PrometheusRuleRejected";

    private SloReasons() {
    }
}
