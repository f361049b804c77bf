package dev.bulkhead.engine.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkhead.engine.Decision;
import dev.bulkhead.engine.Event;
import dev.bulkhead.engine.RolloutEngine;
import dev.bulkhead.engine.TenantTraffic;
import dev.bulkhead.engine.plan.Plan;
import dev.bulkhead.engine.plan.Planner;
import dev.bulkhead.engine.plan.SegmentationSpec;
import dev.bulkhead.engine.plan.SegmentationSpec.SegmentSpec;
import dev.bulkhead.engine.state.RolloutState;
import dev.bulkhead.engine.state.SegmentStatus;
import dev.bulkhead.engine.state.TenantImpact;
import dev.bulkhead.engine.state.Verdict;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RolloutProgressTest {

    private static final List<String> BIG = IntStream.range(0, 1_000).mapToObj(i -> "big-" + i).toList();
    private static final Instant T0 = Instant.parse("2026-11-23T00:00:00Z");

    @Test
    void reportsRealExposedTenantsAndTheMostImpactedOnesPerSegment() {
        Plan plan = Planner.plan("ns/app", null, new SegmentationSpec(List.of(SegmentSpec.listed("big", BIG),
                SegmentSpec.listed("small", List.of("a", "b")))), List.of()).plan().orElseThrow();
        RolloutEngine engine = new RolloutEngine(plan);
        RolloutState state = engine.decide(RolloutState.initial(), new Event.NewRevision("v1"), T0).state();
        state = engine.decide(state, new Event.PromotionComplete("v1"), T0).state();
        state = engine.decide(state, new Event.NewRevision("v2"), T0).state();
        state = engine.decide(state, new Event.CanaryReady("v2"), T0).state();
        List<String> exposed = plan.segment("big").orElseThrow().tenants().exposed(5);
        Decision d = engine.decide(state, new Event.SegmentVerdict("big", Verdict.INCONCLUSIVE, null, List.of(
                new TenantTraffic(exposed.get(0), 10, 1), new TenantTraffic(exposed.get(1), 50, 9),
                new TenantTraffic(exposed.get(2), 70, 0))), T0);

        List<SegmentProgress> lines = RolloutProgress.of(plan, d.state(), 1);
        assertThat(lines).extracting(SegmentProgress::segment).containsExactly("big", "small");
        SegmentProgress big = lines.get(0);
        assertThat(big.status()).isEqualTo(SegmentStatus.PROGRESSING);
        assertThat(big.step()).isZero();
        assertThat(big.steps()).isEqualTo(3);
        assertThat(big.exposedPercent()).isEqualTo(5);
        assertThat(big.exposedTenants()).isEqualTo(exposed.size()).isBetween(20, 80);
        assertThat(big.segmentTenants()).isEqualTo(1_000);
        assertThat(big.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(big.impactedTenants()).extracting(TenantImpact::tenant).containsExactly(exposed.get(1));
        assertThat(lines.get(1).exposedTenants()).isZero();
        assertThat(lines.get(1).status()).isEqualTo(SegmentStatus.PENDING);
    }
}
