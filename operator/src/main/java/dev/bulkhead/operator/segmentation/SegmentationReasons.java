package dev.bulkhead.operator.segmentation;

/** Condition reasons of a Segmentation. */
public final class SegmentationReasons {

    /** Every segment's tenants resolved and no tenant is in two segments. */
    public static final String RESOLVED = "Resolved";
    /** A ConfigMap is missing, a tenant is in two segments, or another problem named in the message. */
    public static final String INVALID = "Invalid";

    private SegmentationReasons() {
    }
}
