package dev.bulkhead.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkhead.engine.plan.Plan;
import dev.bulkhead.engine.plan.Planner;
import dev.bulkhead.engine.plan.ReleaseSpec;
import dev.bulkhead.engine.plan.ReleaseSpec.SegmentSteps;
import dev.bulkhead.engine.plan.ReleaseSpec.StepSpec;
import dev.bulkhead.engine.plan.SegmentationSpec;
import dev.bulkhead.engine.plan.SegmentationSpec.SegmentSpec;
import dev.bulkhead.engine.state.HistoryEntry;
import dev.bulkhead.engine.tenant.TenantBucket;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class StepSkippingTest {

    /** Two tenants chosen so that a 1% step exposes neither of them under the fixtures' group id. */
    private static final List<String> TWO_UNLUCKY = IntStream.range(0, 10_000).mapToObj(i -> "tenant-" + i)
            .filter(t -> !TenantBucket.isExposed(Fixtures.GROUP, t, 1)).limit(2).toList();

    private static Plan plan() {
        SegmentationSpec segmentation = new SegmentationSpec(List.of(SegmentSpec.listed("small", TWO_UNLUCKY),
                SegmentSpec.listed("free", Fixtures.FREE)));
        ReleaseSpec release = new ReleaseSpec(List.of(
                new SegmentSteps("small", List.of(new StepSpec(1, "5m", false), new StepSpec(100, "5m", false))),
                new SegmentSteps("free", null)), null, null, null);
        return Planner.plan(Fixtures.GROUP, release, segmentation, List.of()).plan().orElseThrow();
    }

    @Test
    void skipsAStepThatExposesNoTenantOfAListedSegmentAndSaysWhy() {
        Scenario s = Scenario.progressing(plan());

        assertThat(s.seg("small").step()).isEqualTo(1);
        assertThat(s.seg("small").exposedPercent()).isEqualTo(100);
        assertThat(s.state.history()).extracting(HistoryEntry::reason).contains(RolloutReasons.STEP_SKIPPED);
        assertThat(s.state.history()).filteredOn(h -> RolloutReasons.STEP_SKIPPED.equals(h.reason()))
                .singleElement().extracting(HistoryEntry::message).asString()
                .contains("step 0 (1%) exposes none of its 2 tenants");
    }

    @Test
    void keepsAStepThatExposesAtLeastOneTenant() {
        Scenario s = Scenario.progressing(Fixtures.plan());
        s.after(java.time.Duration.ofMinutes(2)).verdict("internal", dev.bulkhead.engine.state.Verdict.PASS);

        assertThat(s.seg("free").step()).as("5% of 200 tenants exposes some").isZero();
        assertThat(s.state.history()).extracting(HistoryEntry::reason).doesNotContain(RolloutReasons.STEP_SKIPPED);
    }
}
