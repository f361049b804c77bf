package dev.bulkhead.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkhead.engine.impact.CustomerImpact;
import dev.bulkhead.engine.plan.Plan;
import dev.bulkhead.engine.plan.PlanResult;
import dev.bulkhead.engine.plan.Planner;
import dev.bulkhead.engine.plan.ReleaseSpec;
import dev.bulkhead.engine.plan.ReleaseSpec.SegmentSteps;
import dev.bulkhead.engine.plan.ReleaseSpec.StepSpec;
import dev.bulkhead.engine.plan.SegmentationSpec;
import dev.bulkhead.engine.plan.SegmentationSpec.SegmentSpec;
import dev.bulkhead.engine.state.ImpactTotals;
import dev.bulkhead.engine.state.Phase;
import dev.bulkhead.engine.state.RolloutStateJson;
import dev.bulkhead.engine.state.Verdict;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A FAIL in a segment of 100,000 tenants, every one of them served: the state the operator keeps in the Rollout status
 * stays far below etcd's 1.5 MiB object limit, with exact totals and the most impacted tenants named.
 */
class ImpactBoundTest {

    private static final int TENANTS = 100_000;

    @Test
    void aFailInAHundredThousandTenantSegmentKeepsTheStateSmallWithExactTotals() {
        List<String> big = Fixtures.tenants("t", TENANTS);
        PlanResult planned = Planner.plan(Fixtures.GROUP, new ReleaseSpec(List.of(
                        new SegmentSteps("internal", List.of(new StepSpec(100, "2m", false))),
                        new SegmentSteps("everyone", List.of(new StepSpec(100, "5m", false)))), null, "24h", "10m"),
                new SegmentationSpec(List.of(SegmentSpec.listed("internal", Fixtures.INTERNAL), SegmentSpec.listed("everyone", big))),
                List.of());
        Plan plan = planned.plan().orElseThrow();
        Scenario s = Scenario.progressing(plan);
        s.passStep("internal", Duration.ofMinutes(2));
        assertThat(s.seg("everyone").exposedPercent()).isEqualTo(100);

        List<TenantTraffic> traffic = new ArrayList<>();
        for (int i = 0; i < TENANTS; i++) {
            traffic.add(new TenantTraffic(big.get(i), 10, i % 2 == 0 ? 1 + i % 7 : 0));
        }
        s.on(new Event.SegmentVerdict("everyone", Verdict.FAIL, "error ratio 20% vs 0.1%", traffic));

        assertThat(s.state.phase()).isEqualTo(Phase.ROLLED_BACK);
        long errors = traffic.stream().mapToLong(TenantTraffic::errors).sum();
        assertThat(s.state.impactTotals()).isEqualTo(new ImpactTotals(TENANTS, TENANTS / 2, 10L * TENANTS, errors, false));
        assertThat(s.state.impact()).hasSize(CustomerImpact.TENANTS_KEPT);
        assertThat(s.state.impact().values()).allMatch(t -> t.errors() == 7, "the most impacted: 7 errors each");
        int bytes = RolloutStateJson.write(s.state).getBytes(StandardCharsets.UTF_8).length;
        assertThat(bytes).as("state JSON bytes").isLessThan(150_000);
    }
}
