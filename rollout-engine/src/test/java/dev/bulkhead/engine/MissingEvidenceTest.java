package dev.bulkhead.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkhead.engine.Action.Notify;
import dev.bulkhead.engine.Action.SetExposure;
import dev.bulkhead.engine.plan.ReleaseSpec.RollbackSpec;
import dev.bulkhead.engine.state.Phase;
import dev.bulkhead.engine.state.SegmentStatus;
import dev.bulkhead.engine.state.Verdict;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Missing evidence is never evidence: analysis errors (a Prometheus outage, stale or partial data) hold the rollout,
 * never pull back a released segment, and only past the outage budget touch the step in progress, by policy.
 */
class MissingEvidenceTest {

    private static final Duration TWO_MIN = Duration.ofMinutes(2);
    private static final Duration FIVE_MIN = Duration.ofMinutes(5);
    private static final Duration LOOK = Duration.ofSeconds(30);

    /** internal released, free at its 25% step (baked). */
    private static Scenario freeAt25(dev.bulkhead.engine.plan.Plan plan) {
        Scenario s = Scenario.progressing(plan);
        s.passStep("internal", TWO_MIN);
        s.passStep("free", FIVE_MIN);
        assertThat(s.seg("free").exposedPercent()).isEqualTo(25);
        return s.after(FIVE_MIN);
    }

    /** Both exposed segments' looks fail, as when Prometheus is down, for {@code looks} intervals. */
    private static void outage(Scenario s, int looks) {
        for (int i = 0; i < looks; i++) {
            s.after(LOOK);
            s.verdict("internal", Verdict.ERROR);
            s.verdict("free", Verdict.ERROR);
        }
    }

    private static RollbackSpec onError(String action, Integer limit, String budget) {
        return new RollbackSpec(null, null, null, null, null, null, null, null, action, limit, budget);
    }

    @Test
    void anOutageHoldsTheRolloutAndPullsNobodyBack() {
        Scenario s = freeAt25(Fixtures.plan());
        outage(s, 50); // 25 minutes: within the default budget of 30m
        s.on(new Event.Tick());

        assertThat(s.state.phase()).isEqualTo(Phase.PROGRESSING);
        assertThat(s.state.reason()).isEqualTo(RolloutReasons.ANALYSIS_UNAVAILABLE);
        assertThat(s.seg("internal").status()).isEqualTo(SegmentStatus.RELEASED);
        assertThat(s.seg("internal").exposedPercent()).isEqualTo(100);
        assertThat(s.seg("free").exposedPercent()).as("no further exposure while blind").isEqualTo(25);
        assertThat(s.seg("free").step()).isEqualTo(1);
        assertThat(s.decisions.subList(s.decisions.size() - 101, s.decisions.size()))
                .allSatisfy(d -> assertThat(d.actions(SetExposure.class)).isEmpty());
    }

    @Test
    void theHoldIsAnnouncedOnceAndItsEndToo() {
        Scenario s = freeAt25(Fixtures.plan());
        int before = s.decisions.size();
        outage(s, 6);
        assertThat(s.decisions.subList(before, s.decisions.size())).flatMap(d -> d.actions(Notify.class))
                .extracting(Notify::reason).containsExactly(RolloutReasons.ANALYSIS_UNAVAILABLE);

        s.after(LOOK).verdict("internal", Verdict.PASS);
        assertThat(s.state.reason()).as("free still cannot be judged").isEqualTo(RolloutReasons.ANALYSIS_UNAVAILABLE);
        Decision back = s.verdict("free", Verdict.PASS);
        assertThat(back.actions(Notify.class)).extracting(Notify::reason).contains(RolloutReasons.ANALYSIS_RECOVERED);
        assertThat(s.seg("free").errorCount()).isZero();
        assertThat(s.seg("free").errorSince()).isNull();
    }

    @Test
    void theRolloutContinuesWhenTheAnalysisJudgesAgain() {
        Scenario s = freeAt25(Fixtures.plan());
        outage(s, 10);
        s.after(LOOK).verdict("internal", Verdict.PASS);
        s.verdict("free", Verdict.PASS);
        assertThat(s.seg("free").exposedPercent()).as("the baked step advances on the first pass").isEqualTo(100);
        assertThat(s.state.phase()).isEqualTo(Phase.PROGRESSING);
    }

    @Test
    void aReleasedSegmentThatCannotBeJudgedHoldsTheStepInProgressEvenIfThatOnePasses() {
        Scenario s = freeAt25(Fixtures.plan());
        s.after(LOOK).verdict("internal", Verdict.ERROR);
        s.verdict("free", Verdict.PASS);
        assertThat(s.seg("free").exposedPercent()).isEqualTo(25);
        s.after(LOOK).verdict("internal", Verdict.PASS);
        s.verdict("free", Verdict.PASS);
        assertThat(s.seg("free").exposedPercent()).isEqualTo(100);
    }

    @Test
    void pausesWithExposureKeptOnceTheOutageOutlastsTheBudget() {
        Scenario s = freeAt25(Fixtures.plan());
        outage(s, 59); // 29.5 minutes
        assertThat(s.state.phase()).isEqualTo(Phase.PROGRESSING);
        outage(s, 2);

        assertThat(s.state.phase()).isEqualTo(Phase.PAUSED);
        assertThat(s.state.reason()).isEqualTo(RolloutReasons.ANALYSIS_OUTAGE_BUDGET_EXCEEDED);
        assertThat(s.seg("internal").exposedPercent()).isEqualTo(100);
        assertThat(s.seg("free").exposedPercent()).isEqualTo(25);
    }

    @Test
    void theBudgetAlsoNeedsMoreErrorsInARowThanTheLimit() {
        // Looks an hour apart: the budget has passed at the second error, the count has not.
        Scenario s = freeAt25(Fixtures.plan(onError(null, 3, "10m")));
        for (int i = 0; i < 3; i++) {
            s.after(Duration.ofHours(1)).verdict("free", Verdict.ERROR);
            assertThat(s.state.phase()).isEqualTo(Phase.PROGRESSING);
        }
        s.after(Duration.ofHours(1)).verdict("free", Verdict.ERROR);
        assertThat(s.state.phase()).isEqualTo(Phase.PAUSED);
    }

    @Test
    void withdrawsOnlyTheStepInProgressWhenThePolicySaysRollback() {
        Scenario s = freeAt25(Fixtures.plan(onError("rollback", null, "10m")));
        outage(s, 21);

        assertThat(s.state.phase()).isEqualTo(Phase.ROLLED_BACK);
        assertThat(s.state.reason()).isEqualTo(RolloutReasons.ANALYSIS_OUTAGE_BUDGET_EXCEEDED);
        assertThat(s.seg("free").exposedPercent()).isZero();
        assertThat(s.seg("internal").status()).as("released before the outage, never pulled back")
                .isEqualTo(SegmentStatus.RELEASED);
        assertThat(s.seg("internal").exposedPercent()).isEqualTo(100);
    }

    @Test
    void errorsOfAReleasedSegmentAloneNeverGoBeyondTheHold() {
        Scenario s = freeAt25(Fixtures.plan(onError("rollback", 1, "1m")));
        for (int i = 0; i < 200; i++) {
            s.after(LOOK).verdict("internal", Verdict.ERROR);
        }
        assertThat(s.state.phase()).isEqualTo(Phase.PROGRESSING);
        assertThat(s.seg("internal").exposedPercent()).isEqualTo(100);
        assertThat(s.seg("free").exposedPercent()).isEqualTo(25);
    }

    @Test
    void aFailureIsStillRolledBackAfterAnOutage() {
        Scenario s = freeAt25(Fixtures.plan());
        outage(s, 4);
        s.after(LOOK).verdict("free", Verdict.FAIL);
        assertThat(s.state.phase()).isEqualTo(Phase.ROLLED_BACK);
        assertThat(s.seg("free").exposedPercent()).isZero();
    }

    @Test
    void anInvalidBudgetIsReportedWithItsPath() {
        var result = dev.bulkhead.engine.plan.Planner.plan(Fixtures.GROUP, Fixtures.release(onError(null, null, "soon")),
                Fixtures.segmentation(), Fixtures.knownTenants());
        assertThat(result.problems()).anySatisfy(p -> assertThat(p.path()).isEqualTo("spec.rollback.analysisOutageBudget"));
    }
}
