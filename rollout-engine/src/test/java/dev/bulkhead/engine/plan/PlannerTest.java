package dev.bulkhead.engine.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkhead.engine.plan.ReleaseSpec.RollbackSpec;
import dev.bulkhead.engine.plan.ReleaseSpec.SegmentSteps;
import dev.bulkhead.engine.plan.ReleaseSpec.StepSpec;
import dev.bulkhead.engine.plan.SegmentationSpec.SegmentSpec;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PlannerTest {

    private static final List<String> STAFF = List.of("staff", "qa-bot");
    private static final List<String> PAYING = IntStream.range(0, 40).mapToObj(i -> "p" + i).toList();
    private static final SegmentationSpec TIERS = new SegmentationSpec(List.of(
            SegmentSpec.listed("internal", STAFF),
            SegmentSpec.listed("paying", PAYING),
            SegmentSpec.everyoneElse("everyone-else")));
    private static final List<String> KNOWN = List.of("staff", "qa-bot", "p1", "walk-in-1", "walk-in-2");

    @Test
    void defaultsToEverySegmentInOrderWithFiveTwentyFiveHundred() {
        PlanResult result = Planner.plan("ns/app", null, TIERS, KNOWN);
        assertThat(result.problems()).isEmpty();
        Plan plan = result.plan().orElseThrow();
        assertThat(plan.segments()).extracting(SegmentPlan::name).containsExactly("internal", "paying", "everyone-else");
        assertThat(plan.segments()).allSatisfy(s -> assertThat(s.steps()).extracting(Step::percent).containsExactly(5, 25, 100));
        assertThat(plan.rollback()).isEqualTo(RollbackPolicy.defaults());
        assertThat(plan.fastRollbackWindow()).isEqualTo(Duration.ofHours(24));
        assertThat(plan.postReleaseBake()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void unlistedTenantsFallIntoTheDefaultSegment() {
        Plan plan = Planner.plan("ns/app", null, TIERS, KNOWN).plan().orElseThrow();
        assertThat(plan.segment("everyone-else").orElseThrow().tenants().all())
                .containsExactlyInAnyOrder("walk-in-1", "walk-in-2");
        assertThat(plan.segment("paying").orElseThrow().tenants().size()).isEqualTo(40);
    }

    @Test
    void reportsEveryProblemWithItsFieldPath() {
        ReleaseSpec release = new ReleaseSpec(List.of(
                new SegmentSteps("internal", List.of(new StepSpec(100, "2m", false))),
                new SegmentSteps("nope", null),
                new SegmentSteps("paying", List.of(new StepSpec(50, "5x", false), new StepSpec(20, "5m", false),
                        new StepSpec(101, null, false), new StepSpec(null, null, null))),
                new SegmentSteps("internal", null)),
                new RollbackSpec(null, "everything", null, "explode", null, 0, null, null, null, -1),
                "1 day", null);
        PlanResult result = Planner.plan("ns/app", release, TIERS, KNOWN);
        assertThat(result.plan()).isEmpty();
        assertThat(result.problems()).extracting(Problem::path).containsExactlyInAnyOrder(
                "spec.plan.segments[1].name",
                "spec.plan.segments[2].steps[0].bake",
                "spec.plan.segments[2].steps[1].percent",
                "spec.plan.segments[2].steps[2].percent",
                "spec.plan.segments[2].steps[3].percent",
                "spec.plan.segments[3].name",
                "spec.rollback.scope",
                "spec.rollback.reaction",
                "spec.rollback.inconclusiveLimit",
                "spec.rollback.consecutiveErrorLimit",
                "spec.fastRollbackWindow");
        assertThat(result.problems()).filteredOn(p -> p.path().equals("spec.plan.segments[2].steps[1].percent"))
                .singleElement().satisfies(p -> assertThat(p.message()).contains("greater than the previous step's 50"));
        assertThat(result.problems()).allSatisfy(p -> assertThat(p.resource()).isEqualTo(Problem.ROLLOUT));
    }

    @Test
    void requiresTheLastStepToReleaseTheWholeSegment() {
        ReleaseSpec release = new ReleaseSpec(List.of(new SegmentSteps("internal",
                List.of(new StepSpec(10, "1m", false), new StepSpec(50, "1m", false)))), null, null, null);
        PlanResult result = Planner.plan("ns/app", release, TIERS, KNOWN);
        assertThat(result.problems()).extracting(Problem::path).containsExactly("spec.plan.segments[0].steps[1].percent");
    }

    @Test
    void aTenantInTwoSegmentsIsAProblemOfTheSegmentation() {
        SegmentationSpec clash = new SegmentationSpec(List.of(
                SegmentSpec.listed("internal", List.of("staff", "acme")),
                SegmentSpec.listed("paying", List.of("globex", "acme"))));
        PlanResult result = Planner.plan("ns/app", null, clash, List.of());
        assertThat(result.problems()).singleElement().satisfies(p -> {
            assertThat(p.resource()).isEqualTo(Problem.SEGMENTATION);
            assertThat(p.path()).isEqualTo("spec.segments[1].tenants[1]");
            assertThat(p.message()).contains("acme").contains("spec.segments[0].tenants[1]");
        });
    }

    @Test
    void atMostOneDefaultSegmentAndUniqueNames() {
        SegmentationSpec bad = new SegmentationSpec(List.of(
                SegmentSpec.everyoneElse("rest"),
                SegmentSpec.everyoneElse("others"),
                SegmentSpec.listed("rest", List.of("a")),
                new SegmentSpec(" ", List.of(), false)));
        PlanResult result = Planner.plan("ns/app", null, bad, List.of());
        assertThat(result.problems()).extracting(Problem::path)
                .containsExactlyInAnyOrder("spec.segments[1].default", "spec.segments[2].name", "spec.segments[3].name");
    }

    @Test
    void warnsAboutStepsThatExposeNobodyAndReportsRealExposure() {
        PlanResult result = Planner.plan("ns/app", null, TIERS, KNOWN);
        List<StepExposure> internal = result.exposures().stream().filter(e -> e.segment().equals("internal")).toList();
        assertThat(internal).extracting(StepExposure::segmentTenants).containsOnly(2);
        assertThat(internal.get(2).exposedTenants()).isEqualTo(2);
        // Nested: a wider step never exposes fewer tenants.
        assertThat(internal.get(0).exposedTenants()).isLessThanOrEqualTo(internal.get(1).exposedTenants());
        long nobody = internal.stream().filter(e -> e.exposedTenants() == 0).count();
        assertThat(result.warnings()).filteredOn(w -> w.reason().equals(PlanReasons.STEP_EXPOSES_NOBODY)
                && w.path().startsWith("spec.plan.segments[0]")).hasSize((int) nobody);
    }

    @Test
    void warnsAboutSegmentsLeftOutOfThePlan() {
        ReleaseSpec release = new ReleaseSpec(List.of(new SegmentSteps("internal", null)), null, null, null);
        PlanResult result = Planner.plan("ns/app", release, TIERS, KNOWN);
        assertThat(result.valid()).isTrue();
        assertThat(result.warnings()).filteredOn(w -> w.reason().equals(PlanReasons.SEGMENT_NOT_PLANNED))
                .extracting(PlanWarning::message).anyMatch(m -> m.contains("'paying'")).anyMatch(m -> m.contains("'everyone-else'"));
    }

    @Test
    void parsesRolloutDurations() {
        assertThat(DurationText.parse("1h30m")).contains(Duration.ofMinutes(90));
        assertThat(DurationText.parse("30d")).contains(Duration.ofDays(30));
        assertThat(DurationText.parse("250ms")).contains(Duration.ofMillis(250));
        assertThat(DurationText.parse("5")).isEmpty();
        assertThat(DurationText.parse("-5m")).isEmpty();
        assertThat(DurationText.parse("")).isEmpty();
    }
}
