package dev.bulkhead.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkhead.engine.plan.Plan;
import dev.bulkhead.engine.plan.PlanResult;
import dev.bulkhead.engine.plan.Planner;
import dev.bulkhead.engine.plan.ReleaseSpec;
import dev.bulkhead.engine.plan.ReleaseSpec.RollbackSpec;
import dev.bulkhead.engine.plan.ReleaseSpec.SegmentSteps;
import dev.bulkhead.engine.plan.ReleaseSpec.StepSpec;
import dev.bulkhead.engine.plan.SegmentPlan;
import dev.bulkhead.engine.plan.SegmentationSpec;
import dev.bulkhead.engine.plan.SegmentationSpec.SegmentSpec;
import dev.bulkhead.engine.state.RolloutState;
import dev.bulkhead.engine.state.RolloutStateJson;
import dev.bulkhead.engine.state.SegmentState;
import dev.bulkhead.engine.state.SegmentStatus;
import dev.bulkhead.engine.state.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * Invariants of the engine over random plans, policies and event sequences. A model of the routing
 * layer ("the world") applies every {@code SetExposure}, so the properties speak about tenants really
 * exposed, not only about the state's numbers.
 */
class RolloutEngineProperties {

    private static final Instant T0 = Instant.parse("2026-11-23T00:00:00Z");
    private static final List<String> REVISIONS = List.of("v2", "v3", "v4");

    /** One step of a random run: an event template resolved against the state when it is applied. */
    record Op(int kind, int segment, int choice, int minutes) {
    }

    record Run(Plan plan, List<Op> ops) {
    }

    @Property(tries = 500)
    void invariantsHoldForEveryDecision(@ForAll("runs") Run run) {
        RolloutEngine engine = new RolloutEngine(run.plan());
        Plan plan = run.plan();
        Map<String, String> worldRevision = new HashMap<>();
        Map<String, Set<String>> worldTenants = new HashMap<>();
        RolloutState state = engine.decide(RolloutState.initial(), new Event.NewRevision("v1"), T0).state();
        state = engine.decide(state, new Event.PromotionComplete("v1"), T0).state();
        Instant now = T0;
        Set<String> phasesSeen = new TreeSet<>();
        for (Op op : run.ops()) {
            now = now.plus(Duration.ofMinutes(op.minutes()));
            Event event = resolve(op, state, plan);
            RolloutState before = state;
            Decision decision = engine.decide(before, event, now);
            state = decision.state();
            phasesSeen.add(state.phase() + (state.exposedSegments().isEmpty() ? "" : "+exposed"));

            assertThat(engine.decide(before, event, now)).as("deterministic").isEqualTo(decision);
            for (Action action : decision.actions()) {
                if (action instanceof Action.SetExposure e) {
                    Set<String> previous = worldTenants.getOrDefault(e.segment(), Set.of());
                    Set<String> next = new HashSet<>(e.tenants());
                    if (e.revision().equals(worldRevision.get(e.segment())) && next.size() >= previous.size()) {
                        assertThat(next).as("exposed sets are nested as percent grows").containsAll(previous);
                    }
                    worldRevision.put(e.segment(), e.revision());
                    worldTenants.put(e.segment(), next);
                }
            }
            for (int i = 0; i < plan.segments().size(); i++) {
                SegmentPlan segment = plan.segments().get(i);
                SegmentState s = state.segments().get(i);
                assertThat(s.exposedPercent()).as("exposure never exceeds the current step of %s", segment.name())
                        .isLessThanOrEqualTo(segment.percentAt(s.step()));
                Set<String> exposed = worldTenants.getOrDefault(segment.name(), Set.of());
                assertThat(exposed).as("the world exposes what the state says in %s after %s", segment.name(), event)
                        .isEqualTo(new HashSet<>(segment.tenants().exposed(s.exposedPercent())));
                if (!exposed.isEmpty()) {
                    assertThat(worldRevision.get(segment.name())).as("a superseded revision keeps nobody")
                            .isEqualTo(state.revision());
                }
                if (s.status() == SegmentStatus.ROLLED_BACK) {
                    assertThat(exposed).as("a rolled-back segment exposes nobody").isEmpty();
                }
                if (s.status() == SegmentStatus.PROGRESSING && s.stepStartedAt() != null
                        && now.isBefore(s.stepStartedAt().plus(segment.step(s.step()).bake()))) {
                    assertThat(s.inconclusiveCount() + s.noDataCount())
                            .as("looks during the bake of %s hold nothing, so they count against no limit", segment.name())
                            .isZero();
                }
                SegmentState was = before.segments().isEmpty() ? null : before.segments().get(i);
                boolean sameRevision = state.revision() != null && state.revision().equals(before.revision());
                if (was != null && sameRevision && event instanceof Event.SegmentVerdict v && v.verdict() == Verdict.ERROR
                        && was.status() != SegmentStatus.PROGRESSING) {
                    assertThat(s.exposedPercent()).as("an analysis error pulls back no segment but the step in progress (%s)",
                            segment.name()).isGreaterThanOrEqualTo(was.exposedPercent());
                }
                if (was != null && sameRevision && was.status() == SegmentStatus.ROLLED_BACK
                        && !(event instanceof Event.Retry)) {
                    assertThat(s.exposedPercent()).as("a rolled-back segment is exposed again only by a retry (%s after %s)",
                            segment.name(), event).isZero();
                }
                boolean frozenThroughout = frozen(before, segment.name()) && frozen(state, segment.name());
                if (frozenThroughout && was != null && state.revision() != null && state.revision().equals(before.revision())) {
                    assertThat(s.exposedPercent()).as("a frozen segment gains no exposure")
                            .isLessThanOrEqualTo(was.exposedPercent());
                }
            }
            String json = RolloutStateJson.write(state);
            RolloutState read = RolloutStateJson.read(json);
            assertThat(read).as("the state round-trips through JSON").isEqualTo(state);
            assertThat(RolloutStateJson.write(read)).isEqualTo(json);
        }
        // The runs must reach the interesting phases, or the invariants above say little.
        phasesSeen.forEach(p -> Statistics.label("phases reached").collect(p));
    }

    @Property(tries = 300)
    void rollbackLeavesNobodyExposedInRolledBackSegments(@ForAll("runs") Run run, @ForAll("stepCounts") int steps,
            @ForAll("segmentChoices") int failing) {
        RolloutEngine engine = new RolloutEngine(run.plan());
        Instant now = T0;
        RolloutState state = engine.decide(RolloutState.initial(), new Event.NewRevision("v1"), now).state();
        state = engine.decide(state, new Event.PromotionComplete("v1"), now).state();
        state = engine.decide(state, new Event.NewRevision("v2"), now).state();
        state = engine.decide(state, new Event.CanaryReady("v2"), now).state();
        for (int i = 0; i < steps && state.currentSegment() >= 0; i++) {
            now = now.plus(Duration.ofMinutes(11));
            String current = state.segments().get(state.currentSegment()).segment();
            state = engine.decide(state, Event.SegmentVerdict.of(current, Verdict.PASS), now).state();
            state = engine.decide(state, new Event.Promote("prop"), now).state();
        }
        List<String> exposedBefore = state.exposedSegments();
        if (exposedBefore.isEmpty()) {
            return;
        }
        String target = exposedBefore.get(failing % exposedBefore.size());
        Statistics.label("segments exposed before the failure").collect(exposedBefore.size());
        RolloutState after = engine.decide(state, Event.SegmentVerdict.of(target, Verdict.FAIL), now).state();
        for (SegmentState s : after.segments()) {
            if (s.status() == SegmentStatus.ROLLED_BACK) {
                assertThat(s.exposedPercent()).isZero();
            }
        }
        if (after.phase() == dev.bulkhead.engine.state.Phase.ROLLED_BACK) {
            assertThat(after.segment(target).orElseThrow().exposedPercent()).isZero();
            int failed = run.plan().indexOf(target);
            for (int k = 0; k < after.segments().size(); k++) {
                boolean kept = k < failed && run.plan().rollback().scope() == dev.bulkhead.engine.plan.RollbackPolicy.Scope.SEGMENT
                        && run.plan().rollback().keepEarlierSegments();
                assertThat(after.segments().get(k).exposedPercent())
                        .isEqualTo(kept ? state.segments().get(k).exposedPercent() : 0);
            }
        }
    }

    @Provide
    Arbitrary<Integer> stepCounts() {
        return Arbitraries.integers().between(0, 20);
    }

    @Provide
    Arbitrary<Integer> segmentChoices() {
        return Arbitraries.integers().between(0, 10);
    }

    private static boolean frozen(RolloutState s, String segment) {
        return s.frozenSegments().contains(segment) && s.budgetOverride() == null
                && !s.segmentOverrides().containsKey(segment);
    }

    private static Event resolve(Op op, RolloutState state, Plan plan) {
        String segment = plan.segments().get(op.segment() % plan.segments().size()).name();
        String revision = state.revision() == null ? "v1" : state.revision();
        return switch (op.kind()) {
            case 0 -> new Event.NewRevision(REVISIONS.get(op.choice() % REVISIONS.size()));
            case 1, 2 -> new Event.CanaryReady(revision);
            case 3 -> new Event.CanaryFailed(revision, "crash loop");
            case 4 -> new Event.PromotionComplete(state.promotingTo() == null ? revision : state.promotingTo());
            case 5, 6, 7, 8, 9, 10 -> new Event.SegmentVerdict(segment, Verdict.values()[op.choice() % Verdict.values().length],
                    null, List.of(new TenantTraffic("t" + op.choice(), 10, op.choice() % 3)));
            case 11, 12 -> Event.SegmentVerdict.of(segment, Verdict.PASS);
            case 13 -> new Event.Tick();
            case 14 -> new Event.Promote("prop");
            case 15 -> new Event.PromoteFull("prop");
            case 16 -> new Event.Pause("prop", null);
            case 17 -> new Event.Resume("prop");
            case 18 -> new Event.Abort("prop", null);
            case 19 -> new Event.Retry("prop");
            case 20 -> new Event.BudgetExhausted(segment);
            case 21 -> new Event.BudgetRecovered(segment);
            case 22 -> new Event.BudgetOverride(op.choice() % 2 == 0 ? "" : "P0 fix");
            case 23 -> new Event.BudgetOverrideCleared();
            case 24 -> new Event.SegmentBudgetOverride(segment, op.choice() % 2 == 0 ? "" : "P0 fix");
            case 25 -> new Event.SegmentBudgetOverrideCleared(segment);
            default -> new Event.LeasesObserved(op.choice() % 2 == 0 ? Set.of() : Set.of(segment));
        };
    }

    @Provide
    Arbitrary<Run> runs() {
        // Weighted so that runs get far: passes and ticks move a rollout on, new revisions restart it.
        Arbitrary<Integer> kind = Arbitraries.frequency(
                Tuple.of(2, 0), Tuple.of(4, 1), Tuple.of(1, 3), Tuple.of(4, 4), Tuple.of(12, 5), Tuple.of(25, 11),
                Tuple.of(20, 13), Tuple.of(2, 14), Tuple.of(1, 15), Tuple.of(2, 16), Tuple.of(3, 17), Tuple.of(1, 18),
                Tuple.of(3, 19), Tuple.of(2, 20), Tuple.of(3, 21), Tuple.of(1, 22), Tuple.of(1, 23), Tuple.of(1, 24), Tuple.of(1, 25),
                Tuple.of(2, 26));
        Arbitrary<Op> op = Combinators.combine(kind, Arbitraries.integers().between(0, 9),
                Arbitraries.integers().between(0, 99), Arbitraries.integers().between(0, 12)).as(Op::new);
        // Every run starts by deploying v2 with a ready canary; the random part follows.
        Arbitrary<List<Op>> ops = op.list().ofMinSize(1).ofMaxSize(150).map(random -> {
            List<Op> all = new ArrayList<>(List.of(new Op(0, 0, 0, 0), new Op(1, 0, 0, 1)));
            all.addAll(random);
            return all;
        });
        return Combinators.combine(plans(), ops).as(Run::new);
    }

    private Arbitrary<Plan> plans() {
        Arbitrary<List<Integer>> percents = Arbitraries.integers().between(1, 99).set().ofMaxSize(4)
                .map(set -> {
                    List<Integer> sorted = new ArrayList<>(new TreeSet<>(set));
                    sorted.add(100);
                    return sorted;
                });
        Arbitrary<List<StepSpec>> steps = Combinators.combine(percents, Arbitraries.integers().between(0, 10),
                Arbitraries.integers().between(0, 9)).as((ps, bake, gate) -> ps.stream()
                        .map(p -> new StepSpec(p, bake + "m", gate == 0 && p == 100)).toList());
        Arbitrary<RollbackSpec> rollback = Combinators.combine(
                Arbitraries.of(true, true, false), Arbitraries.of("segment", "all"), Arbitraries.of(true, false),
                Arbitraries.of("rollback", "rollback", "freeze"), Arbitraries.of("pause", "rollback"),
                Arbitraries.integers().between(1, 4), Arbitraries.of("pause", "rollback"), Arbitraries.integers().between(1, 4))
                .as((automatic, scope, keep, reaction, onInc, incLimit, onNoData, noDataLimit) -> new RollbackSpec(
                        automatic, scope, keep, reaction, onInc, incLimit, onNoData, noDataLimit, null, 2))
                .flatMap(r -> Combinators.combine(Arbitraries.of("pause", "rollback"), Arbitraries.of("1m", "20m"))
                        .as((onError, budget) -> new RollbackSpec(r.automatic(), r.scope(), r.keepEarlierSegments(),
                                r.reaction(), r.onInconclusive(), r.inconclusiveLimit(), r.onNoData(), r.noDataLimit(),
                                onError, 2, budget)));
        Arbitrary<List<Integer>> segmentSizes = Arbitraries.integers().between(0, 60).list().ofMinSize(1).ofMaxSize(5);
        return Combinators.combine(segmentSizes, steps.list().ofSize(5), rollback, Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(8))
                .as((sizes, stepLists, policy, group) -> {
                    List<SegmentSpec> segments = new ArrayList<>();
                    List<SegmentSteps> planned = new ArrayList<>();
                    for (int i = 0; i < sizes.size(); i++) {
                        int index = i;
                        segments.add(SegmentSpec.listed("s" + i, java.util.stream.IntStream.range(0, sizes.get(i))
                                .mapToObj(k -> "s" + index + "-tenant-" + k).toList()));
                        planned.add(new SegmentSteps("s" + i, stepLists.get(i)));
                    }
                    PlanResult result = Planner.plan(group, new ReleaseSpec(planned, policy, "1h", "15m"),
                            new SegmentationSpec(segments), List.of());
                    return result.plan().orElseThrow(() -> new IllegalStateException(result.problems().toString()));
                });
    }
}
