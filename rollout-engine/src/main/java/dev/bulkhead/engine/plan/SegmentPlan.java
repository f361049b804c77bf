package dev.bulkhead.engine.plan;

import dev.bulkhead.engine.tenant.BucketedTenants;
import java.util.List;

/** A segment in release order: its tenants (bucketed for the rollout's group id) and its steps. */
public record SegmentPlan(String name, boolean isDefault, BucketedTenants tenants, List<Step> steps) {

    public SegmentPlan {
        steps = List.copyOf(steps);
    }

    public Step step(int index) {
        return steps.get(index);
    }

    /** The percent of the step, or 0 before the first step. */
    public int percentAt(int stepIndex) {
        return stepIndex < 0 ? 0 : steps.get(stepIndex).percent();
    }
}
