package dev.bulkhead.engine.report;

import dev.bulkhead.engine.impact.CustomerImpact;
import dev.bulkhead.engine.plan.Plan;
import dev.bulkhead.engine.plan.SegmentPlan;
import dev.bulkhead.engine.state.RolloutState;
import dev.bulkhead.engine.state.SegmentState;
import dev.bulkhead.engine.state.TenantImpact;
import java.util.ArrayList;
import java.util.List;

/** Builds the per-segment detail of the Rollout status from the plan and the state. Pure. */
public final class RolloutProgress {

    private RolloutProgress() {
    }

    /** One line per planned segment, in release order, naming at most {@code topTenants} impacted tenants each. */
    public static List<SegmentProgress> of(Plan plan, RolloutState state, int topTenants) {
        List<SegmentProgress> lines = new ArrayList<>();
        for (SegmentPlan segment : plan.segments()) {
            SegmentState s = state.segment(segment.name()).orElse(SegmentState.pending(segment.name()));
            List<TenantImpact> hurt = state.impact().values().stream()
                    .filter(i -> i.segment().equals(segment.name()) && i.errors() > 0)
                    .toList();
            lines.add(new SegmentProgress(segment.name(), s.status(), s.step(), segment.steps().size(),
                    s.exposedPercent(), segment.tenants().exposedCount(s.exposedPercent()), segment.tenants().size(),
                    s.lastVerdict(), CustomerImpact.top(hurt, topTenants)));
        }
        return lines;
    }
}
