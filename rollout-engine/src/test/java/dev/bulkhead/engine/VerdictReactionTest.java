package dev.bulkhead.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkhead.engine.Action.Notify;
import dev.bulkhead.engine.Action.RetireCanary;
import dev.bulkhead.engine.Action.SetExposure;
import dev.bulkhead.engine.state.Phase;
import dev.bulkhead.engine.state.SegmentStatus;
import dev.bulkhead.engine.state.Verdict;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What each verdict does under the rollback policy. */
class VerdictReactionTest {

    private static final Duration TWO_MIN = Duration.ofMinutes(2);
    private static final Duration FIVE_MIN = Duration.ofMinutes(5);

    /** internal released at 100%, free at 25%. */
    private static Scenario freeAt25(dev.bulkhead.engine.plan.Plan plan) {
        Scenario s = Scenario.progressing(plan);
        s.passStep("internal", TWO_MIN);
        s.passStep("free", FIVE_MIN);
        assertThat(s.seg("free").exposedPercent()).isEqualTo(25);
        return s;
    }

    @Test
    void rollsBackOnlyTheFailingSegment() {
        Scenario s = freeAt25(Fixtures.plan());
        Decision d = s.verdict("free", Verdict.FAIL);
        assertThat(s.state.phase()).isEqualTo(Phase.ROLLED_BACK);
        assertThat(s.state.reason()).isEqualTo(RolloutReasons.SEGMENT_ROLLED_BACK);
        assertThat(s.seg("free").exposedPercent()).isZero();
        assertThat(s.seg("free").status()).isEqualTo(SegmentStatus.ROLLED_BACK);
        assertThat(s.seg("internal").exposedPercent()).isEqualTo(100);
        assertThat(d.actions(SetExposure.class)).singleElement().satisfies(e -> {
            assertThat(e.segment()).isEqualTo("free");
            assertThat(e.percent()).isZero();
            assertThat(e.tenants()).isEmpty();
        });
        assertThat(d.actions(RetireCanary.class)).isEmpty();
        assertThat(d.actions(Notify.class)).anyMatch(n -> n.warning() && n.reason().equals(RolloutReasons.SEGMENT_FAILED));
    }

    @Test
    void rollsBackEverySegmentWithScopeAll() {
        Scenario s = freeAt25(Fixtures.plan(Fixtures.rollback("all", null, null)));
        Decision d = s.verdict("free", Verdict.FAIL);
        assertThat(s.state.phase()).isEqualTo(Phase.ROLLED_BACK);
        assertThat(s.state.exposedSegments()).isEmpty();
        assertThat(d.actions(RetireCanary.class)).containsExactly(new RetireCanary("v2"));
    }

    @Test
    void rollsBackEarlierSegmentsWhenThePolicyDoesNotKeepThem() {
        Scenario s = freeAt25(Fixtures.plan(Fixtures.rollback("segment", false, null)));
        s.verdict("free", Verdict.FAIL);
        assertThat(s.state.exposedSegments()).isEmpty();
        assertThat(s.seg("internal").status()).isEqualTo(SegmentStatus.ROLLED_BACK);
    }

    @Test
    void aFailureInAnEarlierSegmentAlsoRollsBackTheLaterOnes() {
        Scenario s = freeAt25(Fixtures.plan());
        s.verdict("internal", Verdict.FAIL);
        assertThat(s.state.exposedSegments()).isEmpty();
        assertThat(s.state.phase()).isEqualTo(Phase.ROLLED_BACK);
    }

    @Test
    void freezesInsteadOfRollingBackAnIrreversibleRelease() {
        Scenario s = freeAt25(Fixtures.plan(Fixtures.rollback(null, null, "freeze")));
        Decision d = s.verdict("free", Verdict.FAIL);
        assertThat(s.state.phase()).isEqualTo(Phase.FROZEN);
        assertThat(s.state.reason()).isEqualTo(RolloutReasons.FROZEN_ON_FAILURE);
        assertThat(s.seg("free").exposedPercent()).isEqualTo(25);
        assertThat(d.actions(SetExposure.class)).isEmpty();
        assertThat(d.actions(Notify.class)).anyMatch(Notify::warning);
        s.passStep("free", Duration.ofHours(1));
        assertThat(s.seg("free").exposedPercent()).isEqualTo(25);
        s.on(new Event.Resume("alice"));
        s.passStep("free", FIVE_MIN);
        assertThat(s.seg("free").exposedPercent()).isEqualTo(100);
    }

    @Test
    void pausesForAHumanWhenRollbackIsNotAutomatic() {
        Scenario s = freeAt25(Fixtures.plan(Fixtures.manualOnly()));
        s.verdict("free", Verdict.FAIL);
        assertThat(s.state.phase()).isEqualTo(Phase.PAUSED);
        assertThat(s.state.reason()).isEqualTo(RolloutReasons.FAILED_AWAITING_DECISION);
        assertThat(s.seg("free").exposedPercent()).isEqualTo(25);
        s.on(new Event.Abort("alice", "bad release"));
        assertThat(s.state.exposedSegments()).isEmpty();
    }

    /** free at 25% with its 5-minute bake over, so verdicts other than pass hold the step. */
    private static Scenario freeAt25Baked(dev.bulkhead.engine.plan.Plan plan) {
        return freeAt25(plan).after(FIVE_MIN);
    }

    @Test
    void holdsStepOnNoData() {
        Scenario s = freeAt25(Fixtures.plan());
        s.after(Duration.ofHours(1)).verdict("free", Verdict.NO_DATA);
        assertThat(s.state.phase()).isEqualTo(Phase.PROGRESSING);
        assertThat(s.seg("free").exposedPercent()).isEqualTo(25);
        assertThat(s.seg("free").noDataCount()).isEqualTo(1);
    }

    @Test
    void holdsStepOnInconclusiveEvenAfterAnEarlierPass() {
        Scenario s = freeAt25(Fixtures.plan());
        s.verdict("free", Verdict.PASS);
        s.verdict("free", Verdict.INCONCLUSIVE);
        s.after(Duration.ofHours(1)).on(new Event.Tick());
        assertThat(s.seg("free").exposedPercent()).isEqualTo(25);
    }

    @Test
    void pausesAfterTheNoDataLimitByDefault() {
        Scenario s = freeAt25Baked(Fixtures.plan());
        for (int i = 0; i < 9; i++) {
            s.after(Duration.ofMinutes(1)).verdict("free", Verdict.NO_DATA);
        }
        assertThat(s.state.phase()).isEqualTo(Phase.PROGRESSING);
        s.after(Duration.ofMinutes(1)).verdict("free", Verdict.NO_DATA);
        assertThat(s.state.phase()).isEqualTo(Phase.PAUSED);
        assertThat(s.state.reason()).isEqualTo(RolloutReasons.NO_DATA_LIMIT_REACHED);
        assertThat(s.seg("free").exposedPercent()).isEqualTo(25);
    }

    @Test
    void pausesAfterTheInconclusiveLimitByDefault() {
        Scenario s = freeAt25Baked(Fixtures.plan(Fixtures.holds(null, 3, null, null, null, null)));
        s.verdict("free", Verdict.INCONCLUSIVE);
        s.verdict("free", Verdict.INCONCLUSIVE);
        assertThat(s.state.phase()).isEqualTo(Phase.PROGRESSING);
        s.verdict("free", Verdict.INCONCLUSIVE);
        assertThat(s.state.reason()).isEqualTo(RolloutReasons.INCONCLUSIVE_LIMIT_REACHED);
        assertThat(s.state.phase()).isEqualTo(Phase.PAUSED);
    }

    @Test
    void rollsBackAtTheInconclusiveLimitWhenThePolicySaysSo() {
        Scenario s = freeAt25Baked(Fixtures.plan(Fixtures.holds("rollback", 2, null, null, null, null)));
        s.verdict("free", Verdict.INCONCLUSIVE);
        s.verdict("free", Verdict.INCONCLUSIVE);
        assertThat(s.state.phase()).isEqualTo(Phase.ROLLED_BACK);
        assertThat(s.seg("free").exposedPercent()).isZero();
    }

    @Test
    void rollsBackAtTheNoDataLimitWhenThePolicySaysSo() {
        Scenario s = freeAt25Baked(Fixtures.plan(Fixtures.holds(null, null, "rollback", 2, null, null)));
        s.verdict("free", Verdict.NO_DATA);
        s.verdict("free", Verdict.NO_DATA);
        assertThat(s.state.phase()).isEqualTo(Phase.ROLLED_BACK);
    }

    @Test
    void aPassResetsTheHoldCounters() {
        Scenario s = freeAt25Baked(Fixtures.plan(Fixtures.holds(null, null, "rollback", 2, null, null)));
        s.verdict("free", Verdict.NO_DATA);
        s.verdict("free", Verdict.PASS);
        s.verdict("free", Verdict.NO_DATA);
        assertThat(s.state.phase()).isEqualTo(Phase.PROGRESSING);
    }

    @Test
    void inconclusiveAndNoDataDuringTheBakeDoNotCountAgainstTheLimits() {
        // A 5-minute bake judged every 10 s: 30 looks without a decision are the bake, not a hold.
        Scenario s = freeAt25(Fixtures.plan(Fixtures.holds(null, 3, null, 3, null, null)));
        for (int i = 0; i < 29; i++) {
            s.after(Duration.ofSeconds(10)).verdict("free", i % 2 == 0 ? Verdict.INCONCLUSIVE : Verdict.NO_DATA);
        }
        assertThat(s.state.phase()).isEqualTo(Phase.PROGRESSING);
        assertThat(s.seg("free").inconclusiveCount()).isZero();
        assertThat(s.seg("free").noDataCount()).isZero();
        // Once the bake is over they hold the step, and count.
        s.after(Duration.ofSeconds(20));
        s.verdict("free", Verdict.INCONCLUSIVE);
        s.verdict("free", Verdict.INCONCLUSIVE);
        assertThat(s.seg("free").inconclusiveCount()).isEqualTo(2);
        s.verdict("free", Verdict.INCONCLUSIVE);
        assertThat(s.state.phase()).isEqualTo(Phase.PAUSED);
        assertThat(s.state.reason()).isEqualTo(RolloutReasons.INCONCLUSIVE_LIMIT_REACHED);
    }

    @Test
    void aReleasedSegmentStillWatchedNeverPausesTheRolloutWithoutADecision() {
        Scenario s = freeAt25Baked(Fixtures.plan(Fixtures.holds(null, 2, null, 2, null, null)));
        for (int i = 0; i < 5; i++) {
            s.verdict("internal", Verdict.INCONCLUSIVE);
            s.verdict("internal", Verdict.NO_DATA);
        }
        assertThat(s.state.phase()).isEqualTo(Phase.PROGRESSING);
        assertThat(s.seg("internal").status()).isEqualTo(SegmentStatus.RELEASED);
        // It is still watched for failures.
        s.verdict("internal", Verdict.FAIL);
        assertThat(s.seg("internal").status()).isEqualTo(SegmentStatus.ROLLED_BACK);
    }

    @Test
    void pausesOnAnEnvironmentIncidentWithoutBlamingTheRevision() {
        Scenario s = freeAt25(Fixtures.plan());
        Decision d = s.verdict("free", Verdict.ENVIRONMENT_INCIDENT);
        assertThat(s.state.phase()).isEqualTo(Phase.PAUSED);
        assertThat(s.state.reason()).isEqualTo(RolloutReasons.ENVIRONMENT_INCIDENT);
        assertThat(s.seg("free").exposedPercent()).isEqualTo(25);
        assertThat(d.actions(SetExposure.class)).isEmpty();
        assertThat(s.state.history()).last().satisfies(h -> assertThat(h.reason()).isEqualTo(RolloutReasons.ENVIRONMENT_INCIDENT));
    }

    @Test
    void stillRollsBackAFailureWhilePaused() {
        Scenario s = freeAt25(Fixtures.plan());
        s.on(new Event.Pause("alice", "lunch"));
        s.verdict("free", Verdict.FAIL);
        assertThat(s.state.phase()).isEqualTo(Phase.ROLLED_BACK);
        assertThat(s.seg("free").exposedPercent()).isZero();
    }

    @Test
    void ignoresVerdictsForSegmentsNobodyIsExposedIn() {
        Scenario s = freeAt25(Fixtures.plan());
        var before = s.state;
        Decision d = s.verdict("paying", Verdict.FAIL);
        assertThat(d.state()).isEqualTo(before);
        assertThat(d.actions()).isEmpty();
        assertThat(s.verdict("no-such-segment", Verdict.FAIL).state()).isEqualTo(before);
    }

    @Test
    void attributesCustomerImpactToExposedTenantsOnly() {
        Scenario s = freeAt25(Fixtures.plan());
        List<String> exposed = s.engine.plan().segment("free").orElseThrow().tenants().exposed(25);
        String unexposed = Fixtures.FREE.stream().filter(t -> !exposed.contains(t)).findFirst().orElseThrow();
        s.on(new Event.SegmentVerdict("free", Verdict.PASS, null, List.of(
                new TenantTraffic(exposed.get(0), 100, 3), new TenantTraffic(unexposed, 50, 50))));
        s.on(new Event.SegmentVerdict("free", Verdict.FAIL, "error ratio 3% vs 0.1%", List.of(
                new TenantTraffic(exposed.get(0), 10, 7), new TenantTraffic(exposed.get(1), 20, 0))));
        assertThat(s.state.impact()).containsOnlyKeys(exposed.get(0), exposed.get(1));
        assertThat(s.state.impact().get(exposed.get(0)).requests()).isEqualTo(110);
        assertThat(s.state.impact().get(exposed.get(0)).errors()).isEqualTo(10);
        assertThat(s.state.impact().get(exposed.get(0)).segment()).isEqualTo("free");
        assertThat(s.last.actions(Notify.class)).anyMatch(n -> n.message().contains(exposed.get(0) + " (10 errors in 110 requests)"));
    }

    @Test
    void anEnvironmentIncidentCountsAgainstNoLimit() {
        Scenario s = freeAt25(Fixtures.plan(Fixtures.holds(null, 1, null, 1, null, 1)));
        s.verdict("free", Verdict.ENVIRONMENT_INCIDENT);
        assertThat(s.seg("free").inconclusiveCount()).isZero();
        assertThat(s.seg("free").noDataCount()).isZero();
        assertThat(s.seg("free").errorCount()).isZero();
        s.on(new Event.Resume("alice"));
        s.passStep("free", FIVE_MIN);
        assertThat(s.seg("free").exposedPercent()).isEqualTo(100);
    }
}
