package dev.bulkhead.engine.state;

/** Where one segment stands in the current rollout. */
public enum SegmentStatus {
    /** Not reached yet; nobody exposed. */
    PENDING,
    /** At a step, baking and being judged. */
    PROGRESSING,
    /** Passed every step; fully on the new revision. */
    RELEASED,
    /** Returned to stable after a failure, an abort or a superseding revision. */
    ROLLED_BACK
}
