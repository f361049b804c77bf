package dev.bulkhead.kubectl.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkhead.api.v1alpha1.RolloutSpec;
import dev.bulkhead.kubectl.Fixtures;
import dev.bulkhead.kubectl.render.PlannedSteps.PlannedStep;
import org.junit.jupiter.api.Test;

class PlannedStepsTest {

    private final RolloutSpec spec = Fixtures.progressing().getSpec();

    @Test
    void aSegmentNamedInThePlanWithStepsUsesItsOwn() {
        assertThat(PlannedSteps.of(spec, "internal")).containsExactly(new PlannedStep(100, "5m", false));
    }

    @Test
    void otherSegmentsUseThePlansDefaultSteps() {
        assertThat(PlannedSteps.of(spec, "paying")).containsExactly(new PlannedStep(25, "10m", false),
                new PlannedStep(100, "10m", true));
    }

    @Test
    void withoutAPlanTheEnginesDefaultStepsApply() {
        RolloutSpec noPlan = new RolloutSpec(spec.segmentationRef(), spec.workload(), spec.canary(), spec.release(), null,
                spec.analysis(), spec.rollback(), spec.fastRollbackWindow(), spec.postReleaseBake());
        assertThat(PlannedSteps.of(noPlan, "free")).containsExactly(new PlannedStep(5, "10m", false),
                new PlannedStep(25, "10m", false), new PlannedStep(100, "10m", false));
    }
}
