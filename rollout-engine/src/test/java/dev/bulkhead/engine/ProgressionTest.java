package dev.bulkhead.engine;

import static dev.bulkhead.engine.Fixtures.FREE;
import static dev.bulkhead.engine.Fixtures.GROUP;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkhead.engine.Action.PromoteStable;
import dev.bulkhead.engine.Action.RetireCanary;
import dev.bulkhead.engine.Action.ScaleCanary;
import dev.bulkhead.engine.Action.SetExposure;
import dev.bulkhead.engine.state.Phase;
import dev.bulkhead.engine.state.SegmentStatus;
import dev.bulkhead.engine.state.Verdict;
import dev.bulkhead.engine.tenant.TenantBucket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProgressionTest {

    private static final Duration TWO_MIN = Duration.ofMinutes(2);
    private static final Duration FIVE_MIN = Duration.ofMinutes(5);

    @Test
    void firstRevisionGoesStraightToStable() {
        Scenario s = new Scenario(Fixtures.plan());
        Decision d = s.on(new Event.NewRevision("v1"));
        assertThat(s.state.phase()).isEqualTo(Phase.PROMOTING);
        assertThat(s.state.reason()).isEqualTo(RolloutReasons.INITIAL_RELEASE);
        assertThat(d.actions(PromoteStable.class)).containsExactly(new PromoteStable("v1"));
        assertThat(d.actions(SetExposure.class)).isEmpty();
    }

    @Test
    void deploysANewRevisionWithoutExposingAnyone() {
        Scenario s = Scenario.withStable(Fixtures.plan());
        Decision d = s.on(new Event.NewRevision("v2"));
        assertThat(s.state.phase()).isEqualTo(Phase.DEPLOYING);
        assertThat(d.actions(ScaleCanary.class)).containsExactly(new ScaleCanary("v2", 0));
        assertThat(d.actions(SetExposure.class)).isEmpty();
        assertThat(s.state.exposedSegments()).isEmpty();
    }

    @Test
    void ignoresCanaryReadyOfAnotherRevision() {
        Scenario s = Scenario.withStable(Fixtures.plan());
        s.on(new Event.NewRevision("v2"));
        Decision d = s.on(new Event.CanaryReady("v9"));
        assertThat(s.state.phase()).isEqualTo(Phase.DEPLOYING);
        assertThat(d.actions()).isEmpty();
    }

    @Test
    void exposesTheFirstStepOfTheFirstSegmentWhenTheCanaryIsReady() {
        Scenario s = Scenario.progressing(Fixtures.plan());
        assertThat(s.state.phase()).isEqualTo(Phase.PROGRESSING);
        assertThat(s.seg("internal").exposedPercent()).isEqualTo(100);
        SetExposure exposure = s.last.actions(SetExposure.class).get(0);
        assertThat(exposure.segment()).isEqualTo("internal");
        assertThat(exposure.revision()).isEqualTo("v2");
        assertThat(exposure.groupId()).isEqualTo(GROUP);
        assertThat(exposure.tenants()).containsExactlyInAnyOrderElementsOf(Fixtures.INTERNAL);
        assertThat(s.last.actions(ScaleCanary.class)).singleElement()
                .satisfies(c -> assertThat(c.tenantShare()).isEqualTo(10.0 / 510));
    }

    @Test
    void advancesOnlyAfterTheBakeAndAPass() {
        Scenario s = Scenario.progressing(Fixtures.plan());
        assertThat(s.last.wakeAt()).isEqualTo(s.now.plus(TWO_MIN));
        s.after(Duration.ofMinutes(1)).verdict("internal", Verdict.PASS);
        assertThat(s.state.currentSegment()).isZero();
        s.after(Duration.ofMinutes(1)).on(new Event.Tick());
        assertThat(s.state.currentSegment()).isEqualTo(1);
        assertThat(s.seg("internal").status()).isEqualTo(SegmentStatus.RELEASED);
        assertThat(s.seg("free").exposedPercent()).isEqualTo(5);
    }

    @Test
    void bakedSegmentsAreTheReleasedOnesAndAnyWhoseStepHasBaked() {
        Scenario s = Scenario.progressing(Fixtures.plan());
        assertThat(s.engine.bakedSegments(s.state, s.now.plusSeconds(60))).isEmpty();
        assertThat(s.engine.bakedSegments(s.state, s.now.plus(TWO_MIN))).containsExactly("internal");

        s.passStep("internal", TWO_MIN);

        assertThat(s.engine.bakedSegments(s.state, s.now.plusSeconds(60)))
                .as("internal released, free at the start of its 5-minute bake").containsExactly("internal");
        assertThat(s.engine.bakedSegments(s.state, s.now.plus(FIVE_MIN))).containsExactly("free", "internal");
    }

    @Test
    void neverAdvancesWithoutAPassSinceTheStepBegan() {
        Scenario s = Scenario.progressing(Fixtures.plan());
        s.after(Duration.ofMinutes(30)).on(new Event.Tick());
        assertThat(s.state.currentSegment()).isZero();
        assertThat(s.seg("internal").step()).isZero();
    }

    @Test
    void exposesTheTenantsUnleashWouldAtEachStep() {
        Scenario s = Scenario.progressing(Fixtures.plan());
        Decision d = s.passStep("internal", TWO_MIN);
        SetExposure free = d.actions(SetExposure.class).get(0);
        assertThat(free.segment()).isEqualTo("free");
        assertThat(free.percent()).isEqualTo(5);
        assertThat(free.tenants()).containsExactlyInAnyOrderElementsOf(
                FREE.stream().filter(t -> TenantBucket.isExposed(GROUP, t, 5)).toList());
        SetExposure wider = s.passStep("free", FIVE_MIN).actions(SetExposure.class).get(0);
        assertThat(wider.percent()).isEqualTo(25);
        assertThat(wider.tenants()).containsAll(free.tenants());
    }

    @Test
    void waitsForAManualGateAndPassesItOnPromote() {
        Scenario s = toPayingAt25();
        s.passStep("paying", FIVE_MIN);
        assertThat(s.state.phase()).isEqualTo(Phase.PAUSED);
        assertThat(s.state.reason()).isEqualTo(RolloutReasons.AWAITING_MANUAL_GATE);
        assertThat(s.seg("paying").exposedPercent()).isEqualTo(25);
        s.on(new Event.Resume("alice"));
        assertThat(s.state.phase()).isEqualTo(Phase.PAUSED);
        s.on(new Event.Promote("alice"));
        assertThat(s.state.phase()).isEqualTo(Phase.PROGRESSING);
        assertThat(s.seg("paying").exposedPercent()).isEqualTo(100);
    }

    @Test
    void promotesStableAfterTheLastStepOfTheLastSegment() {
        Scenario s = toPayingAt25();
        s.passStep("paying", FIVE_MIN);
        s.on(new Event.Promote("alice"));
        Decision d = s.passStep("paying", FIVE_MIN);
        assertThat(s.state.phase()).isEqualTo(Phase.PROMOTING);
        assertThat(d.actions(PromoteStable.class)).containsExactly(new PromoteStable("v2"));
        assertThat(s.state.segments()).allMatch(seg -> seg.status() == SegmentStatus.RELEASED);
    }

    @Test
    void startsThePostReleaseBakeWhenStableRunsTheRevision() {
        Scenario s = released();
        assertThat(s.state.phase()).isEqualTo(Phase.RELEASED);
        assertThat(s.state.stableRevision()).isEqualTo("v2");
        assertThat(s.state.previousStableRevision()).isEqualTo("v1");
        assertThat(s.state.postReleaseBakeUntil()).isEqualTo(s.now.plus(Duration.ofMinutes(10)));
        assertThat(s.last.actions(RetireCanary.class)).containsExactly(new RetireCanary("v2"));
        assertThat(s.state.exposedSegments()).isEmpty();
        assertThat(s.last.wakeAt()).isEqualTo(s.state.postReleaseBakeUntil());
    }

    @Test
    void recordsTheReleaseWhenThePostReleaseBakePasses() {
        Scenario s = released();
        s.after(Duration.ofMinutes(10)).on(new Event.Tick());
        assertThat(s.state.reason()).isEqualTo(RolloutReasons.POST_RELEASE_BAKE_PASSED);
        assertThat(s.state.postReleaseBakeUntil()).isNull();
        assertThat(s.state.releasedRevisions()).extracting(r -> r.revision()).contains("v1", "v2");
    }

    @Test
    void rollsStableBackWhenThePostReleaseBakeFails() {
        Scenario s = released();
        Decision d = s.after(Duration.ofMinutes(3)).verdict("free", Verdict.FAIL);
        assertThat(s.state.phase()).isEqualTo(Phase.ROLLING_BACK);
        assertThat(d.actions(PromoteStable.class)).containsExactly(new PromoteStable("v1"));
        s.on(new Event.PromotionComplete("v1"));
        assertThat(s.state.phase()).isEqualTo(Phase.ROLLED_BACK);
        assertThat(s.state.stableRevision()).isEqualTo("v1");
        assertThat(s.state.releasedRevisions()).extracting(r -> r.revision()).doesNotContain("v2");
    }

    @Test
    void returningToARecentlyReleasedRevisionSkipsTheSteps() {
        Scenario s = released();
        s.after(Duration.ofMinutes(10)).on(new Event.Tick());
        Decision d = s.after(Duration.ofHours(2)).on(new Event.NewRevision("v1"));
        assertThat(s.state.phase()).isEqualTo(Phase.PROMOTING);
        assertThat(s.state.reason()).isEqualTo(RolloutReasons.FAST_ROLLBACK);
        assertThat(d.actions(PromoteStable.class)).containsExactly(new PromoteStable("v1"));
        assertThat(d.actions(ScaleCanary.class)).isEmpty();
    }

    @Test
    void returningToARevisionReleasedBeforeTheWindowReleasesItStepByStep() {
        Scenario s = released();
        s.after(Duration.ofMinutes(10)).on(new Event.Tick());
        s.after(Duration.ofHours(25)).on(new Event.NewRevision("v1"));
        assertThat(s.state.phase()).isEqualTo(Phase.DEPLOYING);
    }

    static Scenario toPayingAt25() {
        Scenario s = Scenario.progressing(Fixtures.plan());
        s.passStep("internal", TWO_MIN);
        s.passStep("free", FIVE_MIN);
        s.passStep("free", FIVE_MIN);
        s.passStep("free", FIVE_MIN);
        assertThat(s.seg("paying").exposedPercent()).isEqualTo(5);
        s.passStep("paying", FIVE_MIN);
        assertThat(s.seg("paying").exposedPercent()).isEqualTo(25);
        return s;
    }

    static Scenario released() {
        Scenario s = toPayingAt25();
        s.passStep("paying", FIVE_MIN);
        s.on(new Event.Promote("alice"));
        s.passStep("paying", FIVE_MIN);
        s.on(new Event.PromotionComplete("v2"));
        return s;
    }
}
