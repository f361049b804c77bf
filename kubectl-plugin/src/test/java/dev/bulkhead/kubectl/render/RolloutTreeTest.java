package dev.bulkhead.kubectl.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkhead.api.v1alpha1.Rollout;
import dev.bulkhead.kubectl.Fixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

class RolloutTreeTest {

    private static final String ROLLED_BACK = RolloutTree.render(Fixtures.rolledBack(), Fixtures.AFTER_ROLLBACK, 5);
    private static final String PROGRESSING = RolloutTree.render(Fixtures.progressing(), Fixtures.DURING_PROGRESS, 5);

    @Test
    void headerNamesTheRolloutItsPhaseRevisionsReleaseMethodAndImpact() {
        assertThat(ROLLED_BACK.lines().limit(5).toList()).containsExactly(
                "Rollout shop/new-checkout: RolledBack",
                "  revision new-checkout, stable off, released by flag new-checkout",
                "  segmentation tiers; judged by SLO checkout every 5s",
                "  exposure paying 0% (0/12 tenants)",
                "  impact: 4 of 4 exposed tenants saw errors; 34 bad of 123 requests (27.6%)");
        assertThat(PROGRESSING).contains("released by HTTPRoute checkout");
    }

    @Test
    void listsSegmentsInReleaseOrderEachWithItsPlannedSteps() {
        List<String> lines = ROLLED_BACK.lines().toList();
        assertThat(lines).containsSubsequence(
                "├── internal  Released  100% (2/2 tenants)",
                "│   └── step 0  100%  bake 10s  passed",
                "├── free  Released  100% (10/10 tenants)",
                "│   ├── step 0  25%  bake 10s  passed",
                "│   └── step 1  100%  bake 10s  passed",
                "├── paying  RolledBack  0% (0/12 tenants)",
                "│   ├── step 0  25%  bake 10s  rolled back here",
                "│   ├── step 1  100%  bake 10s",
                "└── enterprise  Pending  0% (0/4 tenants)",
                "    ├── step 0  25%  bake 10s",
                "    └── step 1  100%  bake 10s");
    }

    @Test
    void putsTheFailingLookUnderTheStepItFailedWithItsNumbersAndCulprits() {
        assertThat(ROLLED_BACK.lines().toList()).containsSubsequence(
                "│   ├── step 0  25%  bake 10s  rolled back here",
                "│   │   └── Fail  9m59s ago  RelevantRegression  availability: canary 34 bad of 124 (27.11%) vs stable 0 of "
                        + "11348 (0.00%), statistic 63.99 / 5.99; culprits stark, wayne, umbrella, cyberdyne");
    }

    @Test
    void namesTheTenantsCarryingTheRegressionWorstFirst() {
        assertThat(ROLLED_BACK.lines().toList()).containsSubsequence(
                "│   └── tenants carrying the regression",
                "│       ├── stark      18 bad of 52 requests, 17.8 more than stable's rate predicts",
                "│       ├── wayne      7 bad of 13 requests, 6.5 more than stable's rate predicts",
                "│       ├── umbrella   5 bad of 33 requests, 5.2 more than stable's rate predicts",
                "│       └── cyberdyne  4 bad of 25 requests, 3.9 more than stable's rate predicts");
    }

    @Test
    void aSegmentThatIsDoneShowsOnlyItsLatestLookAndAMovingOneItsLooksSinceTheStepStarted() {
        assertThat(ROLLED_BACK).contains("│       ├── … 7 earlier looks\n"
                + "│       └── Inconclusive  9m59s ago  Observing  availability: canary 0 bad of 827 (0.00%)");
        // free entered step 0 at 10:12; the NO_DATA look of 10:11 belongs to nothing it is doing now.
        assertThat(PROGRESSING.lines().toList()).containsSubsequence(
                "│   ├── step 0  25%  bake 10m  current, for 8m",
                "│   │   ├── Inconclusive  3m ago  Observing  availability: canary 1 bad of 480 (0.21%) vs stable 2 of 1500 (0.13%), statistic 0.31 / 5.99",
                "│   │   ├── Inconclusive  2m ago  Observing  availability: canary 2 bad of 545 (0.37%) vs stable 3 of 1700 (0.18%), statistic 0.62 / 5.99",
                "│   │   └── Inconclusive  60s ago  Observing  availability: canary 2 bad of 610 (0.33%) vs stable 3 of 1905 (0.16%), statistic 0.84 / 5.99",
                "│   ├── step 1  100%  bake 10m  manual gate");
        assertThat(PROGRESSING).doesNotContain("NoData").doesNotContain("TooFewEvents");
    }

    @Test
    void showsBudgetAndBurnRatesShortestWindowFirst() {
        assertThat(PROGRESSING).contains("│   └── budget 42.5% left; burn rate 5m 14.40x, 1h 6.10x, 6h 2.05x; "
                + "canary's own burn rate 0.30x since the first look\n");
    }

    @Test
    void showsASegmentWhoseExhaustedBudgetFreezeIsOverriddenAndAPendingAction() {
        assertThat(PROGRESSING.lines().toList()).containsSubsequence(
                "├── paying  Pending  0% (0/12 tenants)",
                "│   ├── step 1  100%  bake 10m  manual gate",
                "│   └── error budget exhausted; freeze overridden: P0 fix for INC-4711");
        assertThat(PROGRESSING).contains("  pending action: pause by jane@example.com (the operator has not applied it yet)\n");
    }

    @Test
    void withoutAnOverrideAnExhaustedSegmentIsFrozenAndAnOverrideWithoutExhaustionIsOnlySet() {
        Rollout rollout = Fixtures.progressing();
        rollout.getMetadata().setAnnotations(java.util.Map.of("override-freeze.bulkhead.dev/enterprise", "quarter-end fix"));
        String tree = RolloutTree.render(rollout, Fixtures.DURING_PROGRESS, 0);
        assertThat(tree.lines().toList()).containsSubsequence(
                "├── paying  Pending  0% (0/12 tenants)",
                "│   └── frozen: its error budget is exhausted",
                "└── enterprise  Pending  0% (0/4 tenants)",
                "    └── freeze override set: quarter-end fix");
        assertThat(tree).doesNotContain("pending action");
    }

    @Test
    void listsConditionsWithStatusReasonAgeAndMessage() {
        assertThat(PROGRESSING.lines().toList()).containsSubsequence(
                "Conditions",
                "  TYPE          STATUS   REASON           AGE   MESSAGE",
                "  Ready         True     InputsResolved   19m   Segmentation, SLOs and plan resolved",
                "  Progressing   True     StepStarted      8m    segment 'free' step 0: 25% (3 of 10 tenants), bake PT10M");
    }

    @Test
    void historyShowsOnlyTheLatestEntriesAsked() {
        String tree = RolloutTree.render(Fixtures.rolledBack(), Fixtures.AFTER_ROLLBACK, 2);
        assertThat(tree).contains("History (latest 2 of 11)")
                .contains("SegmentRolledBack   segment 'paying' failed its analysis")
                .doesNotContain("segment 'free' passed every step");
        assertThat(RolloutTree.render(Fixtures.rolledBack(), Fixtures.AFTER_ROLLBACK, 0)).doesNotContain("History");
    }

    @Test
    void aRolloutWithoutStatusSaysTheOperatorHasNotReportedYet() {
        Rollout fresh = Fixtures.progressing();
        fresh.setStatus(null);
        fresh.getMetadata().setAnnotations(null);
        String tree = RolloutTree.render(fresh, Fixtures.DURING_PROGRESS, 5);
        assertThat(tree).startsWith("Rollout shop/checkout: (no status yet: is the operator running?)\n")
                .contains("  (none yet: the operator lists them once it has resolved the Segmentation and the plan)")
                .doesNotContain("Conditions");
    }

    @Test
    void anEngineRecordItCannotReadFallsBackToTheStatusVerdict() {
        Rollout rollout = Fixtures.rolledBack();
        rollout.setStatus(new dev.bulkhead.api.v1alpha1.RolloutStatus(rollout.getStatus().observedGeneration(),
                rollout.getStatus().phase(), rollout.getStatus().conditions(), rollout.getStatus().stableRevision(),
                rollout.getStatus().canaryRevision(), rollout.getStatus().currentSegment(), rollout.getStatus().currentStep(),
                rollout.getStatus().exposure(), rollout.getStatus().segments(), rollout.getStatus().impact(),
                rollout.getStatus().history(), com.fasterxml.jackson.databind.node.TextNode.valueOf("written by a future operator")));
        String tree = RolloutTree.render(rollout, Fixtures.AFTER_ROLLBACK, 5);
        assertThat(tree).contains("│   │   └── Fail  9m59s ago  Fail on availability: canary 34 bad of 124 (27.110%) vs stable 0 "
                + "of 11348 (0.000%); statistic 63.99 against threshold 5.99 (RelevantRegression)");
    }
}
