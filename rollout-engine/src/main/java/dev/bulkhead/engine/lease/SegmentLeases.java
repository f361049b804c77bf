package dev.bulkhead.engine.lease;

import dev.bulkhead.engine.state.Phase;
import dev.bulkhead.engine.state.RolloutState;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The concurrency limit on segments: at most {@code maxRolloutsPerSegment} rollouts may expose the
 * same segment at once (cluster-wide or per namespace), so that two releases never share one blast
 * radius and their analyses do not blame each other. Pure: the operator lists the other rollouts'
 * states and feeds the answer to the engine as {@code Event.LeasesObserved}.
 */
public final class SegmentLeases {

    private final int maxRolloutsPerSegment;
    private final Scope scope;

    /** Where the limit counts. */
    public enum Scope {
        CLUSTER,
        NAMESPACE
    }

    /**
     * A rollout that may hold segments.
     *
     * @param segmentation the Segmentation its segments come from (names are per segmentation)
     */
    public record Holder(String namespace, String rollout, String segmentation, Set<String> exposedSegments) {

        public Holder {
            exposedSegments = Set.copyOf(exposedSegments);
        }

        /** The segments a rollout holds: those where its new revision is exposed while it is unfinished. */
        public static Holder of(String namespace, String rollout, String segmentation, RolloutState state) {
            boolean finished = state.phase() == Phase.RELEASED || state.phase() == Phase.PENDING;
            return new Holder(namespace, rollout, segmentation, finished ? Set.of() : Set.copyOf(state.exposedSegments()));
        }
    }

    public SegmentLeases(int maxRolloutsPerSegment, Scope scope) {
        if (maxRolloutsPerSegment < 1) {
            throw new IllegalArgumentException("maxRolloutsPerSegment is " + maxRolloutsPerSegment + "; it must be at least 1");
        }
        this.maxRolloutsPerSegment = maxRolloutsPerSegment;
        this.scope = scope;
    }

    /** One release per segment at a time, cluster-wide: the default. */
    public static SegmentLeases exclusive() {
        return new SegmentLeases(1, Scope.CLUSTER);
    }

    /**
     * Segments of {@code self}'s segmentation that other rollouts already expose up to the limit:
     * {@code self} must not start exposing them. Segments {@code self} already exposes are never
     * listed (it holds them).
     */
    public Set<String> leasedElsewhere(Holder self, List<Holder> others) {
        Map<String, Integer> holders = new HashMap<>();
        for (Holder other : others) {
            boolean same = other.namespace().equals(self.namespace()) && other.rollout().equals(self.rollout());
            boolean counted = scope == Scope.CLUSTER || other.namespace().equals(self.namespace());
            if (same || !counted || !other.segmentation().equals(self.segmentation())) {
                continue;
            }
            other.exposedSegments().forEach(s -> holders.merge(s, 1, Integer::sum));
        }
        Set<String> leased = new TreeSet<>();
        holders.forEach((segment, count) -> {
            if (count >= maxRolloutsPerSegment && !self.exposedSegments().contains(segment)) {
                leased.add(segment);
            }
        });
        return leased;
    }
}
