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
    /** Unleash refused the write with a 4xx, or the tenant lists cannot fit its limits: not retried for the same state. */
    public static final String UNLEASH_REJECTED = "UnleashRejected";
    /** {@code bulkhead.unleash.access} does not let the namespace use the flag's project or environment. */
    public static final String UNLEASH_PROJECT_NOT_ALLOWED = "UnleashProjectNotAllowed";
    /** The flag's feature exists and was not created by Bulkhead for this namespace; nothing was changed on it. */
    public static final String UNLEASH_FEATURE_NOT_OWNED = "UnleashFeatureNotOwned";
    public static final String ROUTE_NOT_APPLIED = "RouteNotApplied";
    public static final String WORKLOAD_NOT_APPLIED = "WorkloadNotApplied";
    public static final String ANALYSIS_FAILING = "AnalysisFailing";
    public static final String HEALTHY = "Healthy";
    /**
     * A Service or Deployment the Rollout would write exists and is controlled by someone else; it is left untouched
     * and the rollout holds (Ready False) until it is deleted or the Rollout names another.
     */
    public static final String OBJECT_NOT_OWNED = "ObjectNotOwned";
    /**
     * Progressing False (and a Warning Event): tenants are exposed but the inputs stopped resolving (a deleted SLO or
     * Segmentation, for example), so no analysis runs and no rollback can happen; exposure is kept as it is until the
     * inputs are back.
     */
    public static final String HELD_INPUTS_MISSING = "HeldInputsMissing";

    /** Warning Event: the action annotation's word is not an action (it is consumed, with the accepted ones named). */
    public static final String INVALID_ACTION = "InvalidAction";
    /** A deleted Rollout waits for its exposure to be withdrawn (Warning Event). */
    public static final String CLEANUP_PENDING = "CleanupPending";

    private RolloutConditionReasons() {
    }

    /** The reason for a failure of the flag store. */
    public static String of(dev.bulkhead.operator.release.flag.FlagStoreException.Kind kind) {
        return switch (kind) {
            case UNAVAILABLE -> UNLEASH_UNAVAILABLE;
            case REJECTED -> UNLEASH_REJECTED;
            case NOT_ALLOWED -> UNLEASH_PROJECT_NOT_ALLOWED;
            case NOT_OWNED -> UNLEASH_FEATURE_NOT_OWNED;
        };
    }
}
