package dev.bulkhead.engine.plan;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A validated release plan: segments in release order with their steps, the rollback policy, the
 * fast-rollback window and the post-release bake. Built by {@link Planner}; the engine never sees an
 * invalid plan. The group id is the Unleash {@code groupId} shared by routes and flags.
 */
public record Plan(
        String groupId,
        List<SegmentPlan> segments,
        RollbackPolicy rollback,
        Duration fastRollbackWindow,
        Duration postReleaseBake) {

    public Plan {
        segments = List.copyOf(segments);
    }

    public int indexOf(String segment) {
        for (int i = 0; i < segments.size(); i++) {
            if (segments.get(i).name().equals(segment)) {
                return i;
            }
        }
        return -1;
    }

    public Optional<SegmentPlan> segment(String name) {
        int i = indexOf(name);
        return i < 0 ? Optional.empty() : Optional.of(segments.get(i));
    }

    /** Tenants in all planned segments. */
    public int totalTenants() {
        return segments.stream().mapToInt(s -> s.tenants().size()).sum();
    }
}
