package dev.bulkhead.demo;

/** Chooses, per request, the code path a tenant gets and the version its metrics are labelled with. */
public interface ReleaseDecision {

    /** The release for this tenant now. Never throws: when in doubt, the old code path. */
    Release decide(String tenant);

    /** Releases what the decision holds (the Unleash SDK's threads). */
    default void close() {
    }
}
