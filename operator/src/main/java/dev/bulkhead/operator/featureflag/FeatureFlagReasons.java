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
    /** Unleash refused the call (token, project, environment): a configuration error a retry will not fix. */
    public static final String UNLEASH_REJECTED = "UnleashRejected";
    /** Nothing has been compared yet because the spec is invalid or Unleash was not reached. */
    public static final String NOT_CHECKED = "NotChecked";

    private FeatureFlagReasons() {
    }
}
