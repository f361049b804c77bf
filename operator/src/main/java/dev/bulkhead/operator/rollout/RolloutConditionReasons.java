package dev.bulkhead.operator.rollout;

/** Condition reasons the operator sets on a Rollout; the engine's transition reasons live in the engine's RolloutReasons. */
public final class RolloutConditionReasons {

    public static final String INPUTS_RESOLVED = "InputsResolved";
    public static final String SEGMENTATION_NOT_FOUND = "SegmentationNotFound";
    public static final String SEGMENTATION_INVALID = "SegmentationInvalid";
    public static final String SLO_NOT_FOUND = "SloNotFound";
    public static final String INVALID_SPEC = "InvalidSpec";
    public static final String UNSUPPORTED = "Unsupported";
    public static final String UNLEASH_NOT_CONFIGURED = "UnleashNotConfigured";
    public static final String UNLEASH_UNAVAILABLE = "UnleashUnavailable";
    public static final String ROUTE_NOT_APPLIED = "RouteNotApplied";
    public static final String WORKLOAD_NOT_APPLIED = "WorkloadNotApplied";
    public static final String ANALYSIS_FAILING = "AnalysisFailing";
    public static final String HEALTHY = "Healthy";
    /** Warning Event: the action annotation's word is not an action (it is consumed, with the accepted ones named). */
    public static final String INVALID_ACTION = "InvalidAction";
    /** A deleted Rollout waits for its exposure to be withdrawn (Warning Event). */
    public static final String CLEANUP_PENDING = "CleanupPending";

    private RolloutConditionReasons() {
    }
}
