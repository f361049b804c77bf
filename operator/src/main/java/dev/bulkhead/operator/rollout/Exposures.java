package dev.bulkhead.operator.rollout;

import dev.bulkhead.engine.plan.Plan;
import dev.bulkhead.engine.plan.SegmentPlan;
import dev.bulkhead.engine.state.RolloutState;
import dev.bulkhead.engine.state.SegmentState;
import dev.bulkhead.operator.release.flag.FlagState;
import dev.bulkhead.operator.release.flag.FlagStrategy;
import dev.bulkhead.operator.release.route.RouteExposure;
import dev.bulkhead.operator.release.route.RouteExposures;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The exposure the engine's state asks for, as a whole: every segment's exposed tenants at once, so applying it is
 * idempotent and a restarted operator re-applies exactly what the status says, never more.
 */
public final class Exposures {

    /** The revision a flag release starts from: the flag off for every tenant. */
    public static final String FLAG_OFF = "off";

    private Exposures() {
    }

    /**
     * The Unleash strategies for a flag release. When stable is the released flag (everything promoted), the flag is
     * on for everyone; otherwise each exposed segment gets a gradual rollout at its percent, constrained to its
     * tenants (the default segment: everyone not listed elsewhere), sticky on the tenant key, with the rollout's
     * group id so the same tenants are exposed as by the engine's own bucketing.
     */
    public static FlagState flag(Plan plan, RolloutState state, String tenantKey, String groupId) {
        if (state.stableRevision() != null && !FLAG_OFF.equals(state.stableRevision())
                && state.stableRevision().equals(state.revision())) {
            return FlagState.exposing(List.of(FlagStrategy.forDefaultSegment("released", List.of(), 100, tenantKey, groupId)));
        }
        Set<String> listed = new TreeSet<>();
        plan.segments().stream().filter(s -> !s.isDefault()).forEach(s -> listed.addAll(s.tenants().all()));
        List<FlagStrategy> strategies = new ArrayList<>();
        for (SegmentState segment : state.segments()) {
            if (!segment.exposed()) {
                continue;
            }
            SegmentPlan segmentPlan = plan.segment(segment.segment()).orElseThrow();
            if (segmentPlan.isDefault()) {
                strategies.add(FlagStrategy.forDefaultSegment(segment.segment(), listed, segment.exposedPercent(), tenantKey, groupId));
            } else if (segmentPlan.tenants().size() > 0) {
                strategies.add(FlagStrategy.forSegment(segment.segment(), segmentPlan.tenants().all(),
                        segment.exposedPercent(), tenantKey, groupId));
            }
        }
        return strategies.isEmpty() ? FlagState.off() : FlagState.exposing(strategies);
    }

    /**
     * The tenants routed to the canary: the exposed tenants of every listed segment, and the default segment at 0 or
     * 100% (a route cannot pick a percentage of tenants it cannot name; the router refuses other values).
     */
    public static RouteExposure route(Plan plan, RolloutState state) {
        List<RouteExposures.ListedSegment> listed = new ArrayList<>();
        int defaultPercent = 0;
        for (SegmentPlan segmentPlan : plan.segments()) {
            int percent = state.segment(segmentPlan.name()).map(SegmentState::exposedPercent).orElse(0);
            if (segmentPlan.isDefault()) {
                defaultPercent = percent;
            } else {
                List<String> tenants = segmentPlan.tenants().all();
                listed.add(new RouteExposures.ListedSegment(segmentPlan.name(), Set.copyOf(tenants),
                        Set.copyOf(segmentPlan.tenants().exposed(percent))));
            }
        }
        return RouteExposures.of(listed, defaultPercent);
    }

    /** Tenants exposed in one segment at its current percent (the default segment's are not enumerable: -1). */
    public static int exposedTenants(Plan plan, SegmentState segment) {
        SegmentPlan segmentPlan = plan.segment(segment.segment()).orElse(null);
        if (segmentPlan == null || segmentPlan.isDefault()) {
            return -1;
        }
        return segmentPlan.tenants().exposedCount(segment.exposedPercent());
    }

    /**
     * Whether going from {@code before} to {@code after} takes exposure away from someone: a segment exposed less (or
     * to another revision). Such a decision is written to status before it is applied, so that no crash or conflict
     * can bring the withdrawn tenants back.
     */
    public static boolean withdraws(RolloutState before, RolloutState after) {
        for (var was : before.segments()) {
            if (!was.exposed()) {
                continue;
            }
            int now = after.segment(was.segment()).map(s -> s.exposedPercent()).orElse(0);
            if (now < was.exposedPercent() || !java.util.Objects.equals(before.revision(), after.revision())) {
                return true;
            }
        }
        return false;
    }
}
