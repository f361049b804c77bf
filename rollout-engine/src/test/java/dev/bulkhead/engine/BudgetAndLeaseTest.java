package dev.bulkhead.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkhead.engine.Action.Notify;
import dev.bulkhead.engine.state.Phase;
import dev.bulkhead.engine.state.Verdict;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The error-budget gate and the segment concurrency limit. */
class BudgetAndLeaseTest {

    private static final Duration TWO_MIN = Duration.ofMinutes(2);

    @Test
    void aFrozenSegmentGainsNoExposureUntilItsBudgetRecovers() {
        Scenario s = Scenario.progressing(Fixtures.plan());
        s.on(new Event.BudgetExhausted("free"));
        assertThat(s.state.phase()).isEqualTo(Phase.FROZEN);
        assertThat(s.state.reason()).isEqualTo(RolloutReasons.ERROR_BUDGET_EXHAUSTED);
        s.passStep("internal", TWO_MIN);
        assertThat(s.seg("free").exposedPercent()).isZero();
        s.on(new Event.BudgetRecovered("free"));
        assertThat(s.state.phase()).isEqualTo(Phase.PROGRESSING);
        assertThat(s.seg("free").exposedPercent()).isEqualTo(5);
    }

    @Test
    void anExhaustedBudgetHoldsTheCurrentSegmentAtItsStep() {
        Scenario s = Scenario.progressing(Fixtures.plan());
        s.passStep("internal", TWO_MIN);
        s.on(new Event.BudgetExhausted("free"));
        assertThat(s.state.phase()).isEqualTo(Phase.FROZEN);
        s.passStep("free", Duration.ofHours(1));
        assertThat(s.seg("free").exposedPercent()).isEqualTo(5);
        s.verdict("free", Verdict.FAIL);
        assertThat(s.state.phase()).as("a failure still rolls back while frozen").isEqualTo(Phase.ROLLED_BACK);
    }

    @Test
    void anOverrideWithAReasonLetsAFrozenSegmentProceed() {
        Scenario s = Scenario.progressing(Fixtures.plan());
        s.on(new Event.BudgetExhausted("free"));
        s.passStep("internal", TWO_MIN);
        s.on(new Event.BudgetOverride("CVE-2026-1234 fix"));
        assertThat(s.state.phase()).isEqualTo(Phase.PROGRESSING);
        assertThat(s.seg("free").exposedPercent()).isEqualTo(5);
        assertThat(s.state.budgetOverride().reason()).isEqualTo("CVE-2026-1234 fix");
        s.on(new Event.BudgetOverrideCleared());
        assertThat(s.state.phase()).isEqualTo(Phase.FROZEN);
    }

    @Test
    void aSegmentOverrideReleasesOnlyThatSegmentFromItsFreeze() {
        Scenario s = Scenario.progressing(Fixtures.plan());
        s.on(new Event.BudgetExhausted("free"));
        s.on(new Event.BudgetExhausted("paying"));
        s.passStep("internal", TWO_MIN);
        assertThat(s.state.phase()).isEqualTo(Phase.FROZEN);

        s.on(new Event.SegmentBudgetOverride("free", "INC-42 fix"));

        assertThat(s.state.phase()).isEqualTo(Phase.PROGRESSING);
        assertThat(s.seg("free").exposedPercent()).isEqualTo(5);
        assertThat(s.state.segmentOverrides().get("free").reason()).isEqualTo("INC-42 fix");
        assertThat(s.state.frozen("free")).isFalse();
        assertThat(s.state.frozen("paying")).as("paying's freeze is not overridden").isTrue();
        assertThat(s.state.history()).filteredOn(h -> RolloutReasons.ERROR_BUDGET_OVERRIDDEN.equals(h.reason())
                && "free".equals(h.segment())).singleElement()
                .satisfies(h -> assertThat(h.message()).contains("INC-42 fix"));
        s.on(new Event.SegmentBudgetOverrideCleared("free"));
        assertThat(s.state.phase()).isEqualTo(Phase.FROZEN);
        assertThat(s.state.segmentOverrides()).isEmpty();
    }

    @Test
    void aSegmentOverrideNamingAnUnknownSegmentIsRejected() {
        Scenario s = Scenario.progressing(Fixtures.plan());
        s.on(new Event.BudgetExhausted("free"));
        var before = s.state;

        Decision d = s.on(new Event.SegmentBudgetOverride("platinum", "P0"));

        assertThat(d.state()).isEqualTo(before);
        assertThat(d.actions(Notify.class)).singleElement().satisfies(n -> {
            assertThat(n.reason()).isEqualTo(RolloutReasons.ERROR_BUDGET_OVERRIDE_UNKNOWN_SEGMENT);
            assertThat(n.message()).contains("platinum");
        });
    }

    @Test
    void aSegmentOverrideWithoutAReasonIsRejected() {
        Scenario s = Scenario.progressing(Fixtures.plan());
        s.on(new Event.BudgetExhausted("free"));
        var before = s.state;

        Decision d = s.on(new Event.SegmentBudgetOverride("free", " "));

        assertThat(d.state()).isEqualTo(before);
        assertThat(d.actions(Notify.class)).singleElement()
                .satisfies(n -> assertThat(n.reason()).isEqualTo(RolloutReasons.ERROR_BUDGET_OVERRIDE_NEEDS_REASON));
    }

    @Test
    void anOverrideWithoutAReasonIsRejected() {
        Scenario s = Scenario.progressing(Fixtures.plan());
        s.on(new Event.BudgetExhausted("free"));
        var before = s.state;
        Decision d = s.on(new Event.BudgetOverride("  "));
        assertThat(d.state()).isEqualTo(before);
        assertThat(d.actions(Notify.class)).singleElement()
                .satisfies(n -> assertThat(n.reason()).isEqualTo(RolloutReasons.ERROR_BUDGET_OVERRIDE_NEEDS_REASON));
    }

    @Test
    void promoteFullIsRefusedWhileASegmentIsFrozen() {
        Scenario s = Scenario.progressing(Fixtures.plan());
        s.on(new Event.BudgetExhausted("paying"));
        s.on(new Event.PromoteFull("alice"));
        assertThat(s.state.phase()).isEqualTo(Phase.PROGRESSING);
        assertThat(s.seg("paying").exposedPercent()).isZero();
    }

    @Test
    void waitsForASegmentThatOtherRolloutsExpose() {
        Scenario s = Scenario.progressing(Fixtures.plan());
        s.on(new Event.LeasesObserved(Set.of("free")));
        s.passStep("internal", TWO_MIN);
        assertThat(s.state.blockedBy()).isEqualTo(RolloutReasons.WAITING_FOR_SEGMENT_LEASE);
        assertThat(s.seg("free").exposedPercent()).isZero();
        s.on(new Event.LeasesObserved(Set.of()));
        assertThat(s.seg("free").exposedPercent()).isEqualTo(5);
        assertThat(s.state.blockedBy()).isNull();
    }

    @Test
    void aLeaseElsewhereDoesNotHoldASegmentAlreadyExposed() {
        Scenario s = Scenario.progressing(Fixtures.plan());
        s.passStep("internal", TWO_MIN);
        s.on(new Event.LeasesObserved(Set.of("free")));
        s.passStep("free", Duration.ofMinutes(5));
        assertThat(s.seg("free").exposedPercent()).isEqualTo(25);
    }
}
