package dev.bulkhead.operator.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkhead.engine.Event;
import dev.bulkhead.engine.RolloutEngine;
import dev.bulkhead.engine.plan.Plan;
import dev.bulkhead.engine.plan.Planner;
import dev.bulkhead.engine.plan.ReleaseSpec;
import dev.bulkhead.engine.plan.ReleaseSpec.SegmentSteps;
import dev.bulkhead.engine.plan.ReleaseSpec.StepSpec;
import dev.bulkhead.engine.plan.SegmentationSpec;
import dev.bulkhead.engine.plan.SegmentationSpec.SegmentSpec;
import dev.bulkhead.engine.state.RolloutState;
import dev.bulkhead.engine.state.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnalysisRoundTest {

    private static final Instant T0 = Instant.parse("2026-11-24T00:00:00Z");

    private final Plan plan = Planner.plan("shop/checkout",
            new ReleaseSpec(List.of(
                    new SegmentSteps("internal", List.of(new StepSpec(100, "2m", false))),
                    new SegmentSteps("paying", List.of(new StepSpec(50, "30m", false), new StepSpec(100, "30m", false)))),
                    null, "24h", "10m"),
            new SegmentationSpec(List.of(SegmentSpec.listed("internal", List.of("staff", "qa")),
                    SegmentSpec.listed("paying", List.of("acme", "hooli", "globex", "initech")))),
            List.of("staff", "qa", "acme", "hooli", "globex", "initech")).plan().orElseThrow();
    private final RolloutEngine engine = new RolloutEngine(plan);

    @Test
    void aReleasedSegmentHasBakedWhileTheCurrentOneBakesItsStep() {
        RolloutState state = released("v1", T0);
        state = engine.decide(state, new Event.NewRevision("v2"), T0.plusSeconds(10)).state();
        state = engine.decide(state, new Event.CanaryReady("v2"), T0.plusSeconds(20)).state();
        assertThat(AnalysisRound.bakedSegments(plan, state, T0.plusSeconds(60))).isEmpty();

        Instant internalBaked = T0.plusSeconds(20).plus(Duration.ofMinutes(2));
        assertThat(AnalysisRound.bakedSegments(plan, state, internalBaked)).containsExactly("internal");
        state = engine.decide(state, Event.SegmentVerdict.of("internal", Verdict.PASS), internalBaked).state();

        assertThat(AnalysisRound.bakedSegments(plan, state, internalBaked.plusSeconds(60)))
                .as("internal released, paying at the start of its 30-minute bake").containsExactly("internal");
        assertThat(AnalysisRound.bakedSegments(plan, state, internalBaked.plus(Duration.ofMinutes(30))))
                .containsExactlyInAnyOrder("internal", "paying");
    }

    private RolloutState released(String revision, Instant at) {
        RolloutState state = engine.decide(RolloutState.initial(), new Event.NewRevision(revision), at).state();
        state = engine.decide(state, new Event.PromotionComplete(revision), at).state();
        return engine.decide(state, new Event.Tick(), at.plus(Duration.ofMinutes(10))).state();
    }
}
