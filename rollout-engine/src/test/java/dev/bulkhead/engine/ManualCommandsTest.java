package dev.bulkhead.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkhead.engine.Action.Notify;
import dev.bulkhead.engine.Action.PromoteStable;
import dev.bulkhead.engine.Action.RetireCanary;
import dev.bulkhead.engine.Action.ScaleCanary;
import dev.bulkhead.engine.state.Phase;
import dev.bulkhead.engine.state.SegmentStatus;
import dev.bulkhead.engine.state.Verdict;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ManualCommandsTest {

    private static final Duration TWO_MIN = Duration.ofMinutes(2);
    private static final Duration FIVE_MIN = Duration.ofMinutes(5);

    @Test
    void promoteEntersTheNextStepWithoutWaitingForTheBake() {
        Scenario s = Scenario.progressing(Fixtures.plan());
        s.on(new Event.Promote("alice"));
        assertThat(s.seg("free").exposedPercent()).isEqualTo(5);
        assertThat(s.state.history()).anyMatch(h -> h.reason().equals(RolloutReasons.PROMOTED_BY_USER));
    }

    @Test
    void promoteBeforeTheCanaryIsReadyIsRefused() {
        Scenario s = Scenario.withStable(Fixtures.plan());
        s.on(new Event.NewRevision("v2"));
        var before = s.state;
        Decision d = s.on(new Event.Promote("alice"));
        assertThat(d.state()).isEqualTo(before);
        assertThat(d.actions(Notify.class)).singleElement()
                .satisfies(n -> assertThat(n.reason()).isEqualTo(RolloutReasons.COMMAND_NOT_APPLICABLE));
    }

    @Test
    void promoteFullExposesEverySegmentAndPromotesStable() {
        Scenario s = Scenario.progressing(Fixtures.plan());
        Decision d = s.on(new Event.PromoteFull("alice"));
        assertThat(s.state.phase()).isEqualTo(Phase.PROMOTING);
        assertThat(s.state.segments()).allSatisfy(seg -> {
            assertThat(seg.exposedPercent()).isEqualTo(100);
            assertThat(seg.status()).isEqualTo(SegmentStatus.RELEASED);
        });
        assertThat(d.actions(PromoteStable.class)).containsExactly(new PromoteStable("v2"));
    }

    @Test
    void pauseHoldsTheStepAndResumeContinues() {
        Scenario s = Scenario.progressing(Fixtures.plan());
        s.on(new Event.Pause("alice", "watching a dashboard"));
        assertThat(s.state.phase()).isEqualTo(Phase.PAUSED);
        s.passStep("internal", Duration.ofMinutes(30));
        assertThat(s.state.currentSegment()).isZero();
        s.on(new Event.Resume("alice"));
        assertThat(s.state.phase()).isEqualTo(Phase.PROGRESSING);
        assertThat(s.seg("free").exposedPercent()).isEqualTo(5);
    }

    @Test
    void resumeAfterAHoldLimitStartsTheCountersAgain() {
        Scenario s = Scenario.progressing(Fixtures.plan(Fixtures.holds(null, null, null, 2, null, null)));
        s.after(Duration.ofMinutes(2));
        s.verdict("internal", Verdict.NO_DATA);
        s.verdict("internal", Verdict.NO_DATA);
        assertThat(s.state.phase()).isEqualTo(Phase.PAUSED);
        s.on(new Event.Resume("alice"));
        assertThat(s.seg("internal").noDataCount()).isZero();
        s.verdict("internal", Verdict.NO_DATA);
        assertThat(s.state.phase()).isEqualTo(Phase.PROGRESSING);
    }

    @Test
    void abortReturnsEveryTenantToStable() {
        Scenario s = Scenario.progressing(Fixtures.plan());
        s.passStep("internal", TWO_MIN);
        Decision d = s.on(new Event.Abort("alice", "wrong image"));
        assertThat(s.state.phase()).isEqualTo(Phase.ROLLED_BACK);
        assertThat(s.state.reason()).isEqualTo(RolloutReasons.ABORTED_BY_USER);
        assertThat(s.state.exposedSegments()).isEmpty();
        assertThat(d.actions(RetireCanary.class)).containsExactly(new RetireCanary("v2"));
        assertThat(d.actions(ScaleCanary.class)).isEmpty();
    }

    @Test
    void abortDuringThePostReleaseBakeRollsStableBack() {
        Scenario s = ProgressionTest.released();
        Decision d = s.on(new Event.Abort("alice", null));
        assertThat(s.state.phase()).isEqualTo(Phase.ROLLING_BACK);
        assertThat(d.actions(PromoteStable.class)).containsExactly(new PromoteStable("v1"));
    }

    @Test
    void retryAfterASegmentRollbackStartsAgainAtThatSegment() {
        Scenario s = Scenario.progressing(Fixtures.plan());
        s.passStep("internal", TWO_MIN);
        s.verdict("free", Verdict.FAIL);
        s.on(new Event.Retry("alice"));
        assertThat(s.state.phase()).isEqualTo(Phase.PROGRESSING);
        assertThat(s.seg("internal").exposedPercent()).isEqualTo(100);
        assertThat(s.seg("free").exposedPercent()).isEqualTo(5);
        assertThat(s.seg("free").step()).isZero();
    }

    @Test
    void retryAfterAFullRollbackDeploysAgain() {
        Scenario s = Scenario.progressing(Fixtures.plan(Fixtures.rollback("all", null, null)));
        s.verdict("internal", Verdict.FAIL);
        Decision d = s.on(new Event.Retry("alice"));
        assertThat(s.state.phase()).isEqualTo(Phase.DEPLOYING);
        assertThat(d.actions(ScaleCanary.class)).containsExactly(new ScaleCanary("v2", 0));
        s.on(new Event.CanaryReady("v2"));
        assertThat(s.seg("internal").exposedPercent()).isEqualTo(100);
    }

    @Test
    void retryWhileProgressingIsRefused() {
        Scenario s = Scenario.progressing(Fixtures.plan());
        var before = s.state;
        assertThat(s.on(new Event.Retry("alice")).state()).isEqualTo(before);
    }

    @Test
    void pauseOfAReleasedRolloutIsRefused() {
        Scenario s = Scenario.withStable(Fixtures.plan());
        var before = s.state;
        assertThat(s.on(new Event.Pause("alice", null)).state()).isEqualTo(before);
    }

    @Test
    void abortDuringPromotionKeepsStableOnItsRevision() {
        Scenario s = Scenario.progressing(Fixtures.plan());
        s.on(new Event.PromoteFull("alice"));
        Decision d = s.on(new Event.Abort("alice", null));
        assertThat(s.state.phase()).isEqualTo(Phase.ROLLING_BACK);
        assertThat(s.state.exposedSegments()).isEmpty();
        assertThat(d.actions(PromoteStable.class)).containsExactly(new PromoteStable("v1"));
        s.on(new Event.PromotionComplete("v1"));
        assertThat(s.state.phase()).isEqualTo(Phase.ROLLED_BACK);
        assertThat(s.state.stableRevision()).isEqualTo("v1");
    }

    @Test
    void pausedWhileDeployingItWaitsForResumeBeforeExposingAnyone() {
        Scenario s = Scenario.withStable(Fixtures.plan());
        s.on(new Event.NewRevision("v2"));
        s.on(new Event.Pause("alice", null));
        s.on(new Event.CanaryReady("v2"));
        assertThat(s.state.phase()).isEqualTo(Phase.PAUSED);
        assertThat(s.state.canaryReady()).isTrue();
        assertThat(s.state.exposedSegments()).isEmpty();
        s.on(new Event.Resume("alice"));
        assertThat(s.state.phase()).isEqualTo(Phase.PROGRESSING);
        assertThat(s.seg("internal").exposedPercent()).isEqualTo(100);
    }

    @Test
    void resumeBeforeTheCanaryIsReadyGoesBackToDeploying() {
        Scenario s = Scenario.withStable(Fixtures.plan());
        s.on(new Event.NewRevision("v2"));
        s.on(new Event.Pause("alice", null));
        s.on(new Event.Resume("alice"));
        assertThat(s.state.phase()).isEqualTo(Phase.DEPLOYING);
        s.on(new Event.CanaryReady("v2"));
        assertThat(s.state.phase()).isEqualTo(Phase.PROGRESSING);
    }

    @Test
    void promoteFullIsRefusedWhileAnotherRolloutHoldsASegment() {
        Scenario s = Scenario.progressing(Fixtures.plan());
        s.on(new Event.LeasesObserved(java.util.Set.of("paying")));
        Decision d = s.on(new Event.PromoteFull("alice"));
        assertThat(s.state.phase()).isEqualTo(Phase.PROGRESSING);
        assertThat(s.seg("paying").exposedPercent()).isZero();
        assertThat(d.actions(Notify.class)).anyMatch(n -> n.message().contains("paying"));
    }
}
