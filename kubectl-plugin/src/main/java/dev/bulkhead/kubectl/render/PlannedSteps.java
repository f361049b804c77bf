package dev.bulkhead.kubectl.render;

import dev.bulkhead.analysis.model.Durations;
import dev.bulkhead.api.v1alpha1.ReleasePlan;
import dev.bulkhead.api.v1alpha1.RolloutSpec;
import dev.bulkhead.api.v1alpha1.SegmentPlan;
import dev.bulkhead.api.v1alpha1.Step;
import dev.bulkhead.engine.plan.Planner;
import java.util.List;
import java.util.Optional;

/**
 * The steps a segment is released in, resolved as the engine's planner does: the segment's own steps, else the plan's
 * {@code defaultSteps}, else the engine's 5% → 25% → 100%, 10 minutes each.
 */
public final class PlannedSteps {

    /** One step as the plan states it. */
    public record PlannedStep(int percent, String bake, boolean manualGate) {
    }

    private PlannedSteps() {
    }

    public static List<PlannedStep> of(RolloutSpec spec, String segment) {
        ReleasePlan plan = spec == null ? null : spec.plan();
        List<Step> own = plan == null || plan.segments() == null ? null : plan.segments().stream()
                .filter(s -> segment.equals(s.name())).map(SegmentPlan::steps).filter(s -> s != null)
                .findFirst().orElse(null);
        List<Step> steps = own != null ? own : plan == null ? null : plan.defaultSteps();
        if (steps == null) {
            return Planner.DEFAULT_STEPS.stream()
                    .map(s -> new PlannedStep(s.percent(), Durations.format(s.bake()), s.manualGate())).toList();
        }
        return steps.stream().map(s -> new PlannedStep(Optional.ofNullable(s.percent()).orElse(0),
                Optional.ofNullable(s.bake()).orElse("10m"), Boolean.TRUE.equals(s.manualGate()))).toList();
    }
}
