package dev.bulkhead.engine.state;

/** The short phase of a rollout, for printer columns and for the engine's transitions. */
public enum Phase {
    /** No revision to release yet. */
    PENDING,
    /** The new revision's pods are starting; no tenant is exposed. */
    DEPLOYING,
    /** Tenants are exposed step by step and segment by segment while the analysis judges them. */
    PROGRESSING,
    /** Held for a human: manual pause, manual gate, hold limit, environment incident, failure without automatic rollback. */
    PAUSED,
    /** No new exposure: a segment's error budget is exhausted, or a failure met the {@code freeze} reaction. */
    FROZEN,
    /** Every segment is released; stable is taking the new revision. */
    PROMOTING,
    /** Stable runs the new revision; during the post-release bake a failure can still roll back. */
    RELEASED,
    /** Stable is returning to the previous revision after a failure in the post-release bake. */
    ROLLING_BACK,
    /** Exposed tenants are back on stable (all, or the failing segment and later ones). */
    ROLLED_BACK,
    /** The new revision could not run (the canary never became ready). */
    FAILED
}
