package dev.bulkhead.engine.plan;

/** Reasons of plan warnings, CamelCase like condition reasons. */
public final class PlanReasons {

    /** A step whose percent is too small for the segment's tenant count: nobody is exposed. */
    public static final String STEP_EXPOSES_NOBODY = "StepExposesNobody";
    /** A segment with no tenant: its steps only wait for their bake. */
    public static final String EMPTY_SEGMENT = "EmptySegment";
    /** A segment of the segmentation that the plan leaves out: its tenants first meet the revision at promotion. */
    public static final String SEGMENT_NOT_PLANNED = "SegmentNotPlanned";
    /** The same tenant listed twice in one segment (harmless; counted once). */
    public static final String DUPLICATE_TENANT = "DuplicateTenant";

    private PlanReasons() {
    }
}
