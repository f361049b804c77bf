package dev.bulkhead.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkhead.engine.Action.RetireCanary;
import dev.bulkhead.engine.Action.ScaleCanary;
import dev.bulkhead.engine.Action.SetExposure;
import dev.bulkhead.engine.state.Phase;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RevisionsTest {

    @Test
    void aNewRevisionMidRolloutRestartsFromTheFirstSegmentWithNobodyOnTheOldOne() {
        Scenario s = Scenario.progressing(Fixtures.plan());
        s.passStep("internal", Duration.ofMinutes(2));
        Decision d = s.on(new Event.NewRevision("v3"));
        assertThat(s.state.revision()).isEqualTo("v3");
        assertThat(s.state.phase()).isEqualTo(Phase.DEPLOYING);
        assertThat(s.state.exposedSegments()).isEmpty();
        assertThat(d.actions(SetExposure.class)).allSatisfy(e -> {
            assertThat(e.revision()).isEqualTo("v2");
            assertThat(e.percent()).isZero();
        }).extracting(SetExposure::segment).containsExactlyInAnyOrder("internal", "free");
        assertThat(d.actions(RetireCanary.class)).containsExactly(new RetireCanary("v2"));
        assertThat(d.actions(ScaleCanary.class)).containsExactly(new ScaleCanary("v3", 0));
        assertThat(s.state.history()).anyMatch(h -> h.reason().equals(RolloutReasons.REVISION_SUPERSEDED));
        s.on(new Event.CanaryReady("v3"));
        assertThat(s.state.currentSegment()).isZero();
        assertThat(s.seg("internal").exposedPercent()).isEqualTo(100);
    }

    @Test
    void theSameRevisionAgainChangesNothing() {
        Scenario s = Scenario.progressing(Fixtures.plan());
        var before = s.state;
        Decision d = s.on(new Event.NewRevision("v2"));
        assertThat(d.state()).isEqualTo(before);
        assertThat(d.actions()).isEmpty();
    }

    @Test
    void revertingToStableMidRolloutWithdrawsTheCanary() {
        Scenario s = Scenario.progressing(Fixtures.plan());
        Decision d = s.on(new Event.NewRevision("v1"));
        assertThat(s.state.phase()).isEqualTo(Phase.RELEASED);
        assertThat(s.state.reason()).isEqualTo(RolloutReasons.REVERTED_TO_STABLE);
        assertThat(s.state.exposedSegments()).isEmpty();
        assertThat(d.actions(RetireCanary.class)).containsExactly(new RetireCanary("v2"));
    }

    @Test
    void aCanaryThatCannotRunFailsTheReleaseWithNobodyExposed() {
        Scenario s = Scenario.progressing(Fixtures.plan());
        Decision d = s.on(new Event.CanaryFailed("v2", "ImagePullBackOff"));
        assertThat(s.state.phase()).isEqualTo(Phase.FAILED);
        assertThat(s.state.exposedSegments()).isEmpty();
        assertThat(d.actions(RetireCanary.class)).containsExactly(new RetireCanary("v2"));
        assertThat(s.state.message()).contains("ImagePullBackOff");
    }

    @Test
    void promotionCompleteForAnotherRevisionIsIgnored() {
        Scenario s = Scenario.progressing(Fixtures.plan());
        var before = s.state;
        assertThat(s.on(new Event.PromotionComplete("v7")).state()).isEqualTo(before);
    }

    @Test
    void aNewRevisionDuringPromotionWithdrawsTheCanaryAndStableStillCompletes() {
        Scenario s = Scenario.progressing(Fixtures.plan());
        s.on(new Event.PromoteFull("alice"));
        Decision d = s.on(new Event.NewRevision("v3"));
        assertThat(s.state.exposedSegments()).isEmpty();
        assertThat(d.actions(RetireCanary.class)).containsExactly(new RetireCanary("v2"));
        assertThat(s.state.phase()).isEqualTo(Phase.DEPLOYING);
        s.on(new Event.PromotionComplete("v2"));
        assertThat(s.state.stableRevision()).isEqualTo("v2");
        assertThat(s.state.previousStableRevision()).isEqualTo("v1");
        assertThat(s.state.phase()).isEqualTo(Phase.DEPLOYING);
    }

    @Test
    void aPlanEditedMidRolloutKeepsTheProgressOfSegmentsThatRemain() {
        Scenario s = Scenario.progressing(Fixtures.plan());
        s.passStep("internal", Duration.ofMinutes(2));
        assertThat(s.seg("free").exposedPercent()).isEqualTo(5);
        // The segmentation drops "internal": the new plan has free and paying only.
        var segmentation = new dev.bulkhead.engine.plan.SegmentationSpec(List.of(
                dev.bulkhead.engine.plan.SegmentationSpec.SegmentSpec.listed("free", Fixtures.FREE),
                dev.bulkhead.engine.plan.SegmentationSpec.SegmentSpec.everyoneElse("paying")));
        var plan = dev.bulkhead.engine.plan.Planner.plan(Fixtures.GROUP, null, segmentation, Fixtures.knownTenants())
                .plan().orElseThrow();
        Decision d = new RolloutEngine(plan).decide(s.state, new Event.Tick(), s.now);
        assertThat(d.state().segments()).extracting(seg -> seg.segment()).containsExactly("free", "paying");
        assertThat(d.state().segment("free").orElseThrow().exposedPercent()).isEqualTo(5);
        assertThat(d.state().currentSegment()).isZero();
        assertThat(d.actions(SetExposure.class)).singleElement().satisfies(e -> {
            assertThat(e.segment()).isEqualTo("internal");
            assertThat(e.percent()).isZero();
        });
    }
}
