package dev.bulkhead.operator.dashboard;

import java.util.List;

/**
 * One row of the dashboard's rollout list: where the release stands, with each segment's state and exposure so the
 * list can draw small rings.
 */
public record RolloutSummary(String namespace, String name, String phase, String currentSegment, String exposure,
        String stableRevision, String canaryRevision, String release, List<Ring> segments, String created) {

    /** A segment as a ring: its state and the percent of its tenants the current step targets. */
    public record Ring(String name, String state, Integer exposedPercent, String verdict) {
    }
}
