package dev.bulkhead.operator.featureflag;

/** Condition reasons of a FeatureFlag. */
public final class FeatureFlagReasons {

    /** Unleash holds the state the spec asks for. */
    public static final String SYNCED = "Synced";
    /** Unleash was changed by hand; Bulkhead put its strategies and switch back. */
    public static final String DRIFT_CORRECTED = "DriftCorrected";
    /** Unleash matched what Bulkhead last wrote. */
    public static final String NO_DRIFT = "NoDrift";
    /** {@code spec.segmentationRef} names a Segmentation that does not exist in the namespace. */
    public static final String SEGMENTATION_NOT_FOUND = "SegmentationNotFound";
    /** The referenced Segmentation cannot be resolved (a missing ConfigMap, for example). */
    public static final String SEGMENTATION_INVALID = "SegmentationInvalid";
    /** {@code spec.segments[i].name} is not a segment of the Segmentation. */
    public static final String UNKNOWN_SEGMENT = "UnknownSegment";
    /** {@code spec.segments} is set without {@code spec.segmentationRef}. */
    public static final String SEGMENTATION_REQUIRED = "SegmentationRequired";
    /** Unleash could not be reached, timed out, or answered with a server error; retried at the next interval. */
    public static final String UNLEASH_UNAVAILABLE = "UnleashUnavailable";
    /**
     * Unleash refused the call (token, project, environment, a limit), or the tenant lists cannot fit Unleash's limits:
     * the message carries Unleash's reason; the same state is not sent again until the spec changes (or 5 minutes).
     */
    public static final String UNLEASH_REJECTED = "UnleashRejected";
    /** {@code bulkhead.unleash.access} does not let the namespace use the project or environment; nothing was written. */
    public static final String PROJECT_NOT_ALLOWED = "UnleashProjectNotAllowed";
    /** The feature exists and was not created by Bulkhead for this namespace; nothing was changed on it. */
    public static final String FEATURE_NOT_OWNED = "UnleashFeatureNotOwned";
    /** Nothing has been compared yet because the spec is invalid or Unleash was not reached. */
    public static final String NOT_CHECKED = "NotChecked";

    private FeatureFlagReasons() {
    }

    /** The reason for a failure of the flag store. */
    public static String of(dev.bulkhead.operator.release.flag.FlagStoreException.Kind kind) {
        return switch (kind) {
            case UNAVAILABLE -> UNLEASH_UNAVAILABLE;
            case REJECTED -> UNLEASH_REJECTED;
            case NOT_ALLOWED -> PROJECT_NOT_ALLOWED;
            case NOT_OWNED -> FEATURE_NOT_OWNED;
        };
    }
}
