package dev.bulkhead.engine;

import dev.bulkhead.engine.Event.BudgetExhausted;
import dev.bulkhead.engine.Event.BudgetOverrideCleared;
import dev.bulkhead.engine.Event.BudgetRecovered;
import dev.bulkhead.engine.Event.CanaryFailed;
import dev.bulkhead.engine.Event.CanaryReady;
import dev.bulkhead.engine.Event.LeasesObserved;
import dev.bulkhead.engine.Event.NewRevision;
import dev.bulkhead.engine.Event.PromotionComplete;
import dev.bulkhead.engine.Event.SegmentVerdict;
import dev.bulkhead.engine.Event.Tick;
import dev.bulkhead.engine.plan.Plan;
import dev.bulkhead.engine.plan.SegmentPlan;
import dev.bulkhead.engine.state.BudgetOverride;
import dev.bulkhead.engine.state.Phase;
import dev.bulkhead.engine.state.RolloutState;
import dev.bulkhead.engine.state.SegmentState;
import dev.bulkhead.engine.state.SegmentStatus;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The release decision core. Pure: the same plan, state, event and time give the same decision; it
 * reads no clock, no randomness and nothing outside its arguments.
 *
 * <pre>{@code
 * Decision d = new RolloutEngine(plan).decide(state, new Event.SegmentVerdict(...), clock.instant());
 * apply(d.actions()); writeStatus(d.state()); requeueAt(d.wakeAt());
 * }</pre>
 */
public final class RolloutEngine {

    private final Plan plan;

    public RolloutEngine(Plan plan) {
        this.plan = Objects.requireNonNull(plan, "plan");
    }

    public Plan plan() {
        return plan;
    }

    /**
     * The segments whose bake is over: those that passed every step, and any other whose current step has baked. The
     * analysis may pass a segment without a crossed boundary only then; segments released earlier stay watched and
     * keep passing while a later one bakes.
     */
    public Set<String> bakedSegments(RolloutState state, Instant now) {
        Set<String> baked = new TreeSet<>();
        for (int i = 0; i < state.segments().size() && i < plan.segments().size(); i++) {
            SegmentState s = state.segments().get(i);
            if (s.status() == SegmentStatus.RELEASED || stepBaked(plan.segments().get(i), s, now)) {
                baked.add(s.segment());
            }
        }
        return baked;
    }

    /** Whether segment state {@code s} has been at its current step for at least the step's bake. */
    static boolean stepBaked(SegmentPlan segment, SegmentState s, Instant now) {
        return s.step() >= 0 && s.stepStartedAt() != null && !now.isBefore(s.stepStartedAt().plus(segment.step(s.step()).bake()));
    }

    /** The next state and the actions that realise it. Events that do not apply leave the state as it is. */
    public Decision decide(RolloutState state, Event event, Instant now) {
        Transition t = new Transition(plan, Objects.requireNonNull(state, "state"), now);
        if (event instanceof NewRevision e) {
            Revisions.newRevision(t, e.revision());
        } else if (event instanceof CanaryReady e) {
            canaryReady(t, e);
        } else if (event instanceof CanaryFailed e) {
            canaryFailed(t, e);
        } else if (event instanceof PromotionComplete e) {
            Revisions.promotionComplete(t, e.revision());
        } else if (event instanceof SegmentVerdict e) {
            VerdictHandling.apply(t, e);
        } else if (event instanceof Tick) {
            Progression.refresh(t);
        } else if (event instanceof BudgetExhausted e) {
            if (t.frozenSegments.add(e.segment())) {
                t.record(RolloutReasons.ERROR_BUDGET_EXHAUSTED, e.segment(), "error budget of segment '" + e.segment() + "' is exhausted");
            }
            Progression.refresh(t);
        } else if (event instanceof BudgetRecovered e) {
            if (t.frozenSegments.remove(e.segment())) {
                t.record(RolloutReasons.ERROR_BUDGET_RECOVERED, e.segment(), "error budget of segment '" + e.segment() + "' recovered");
            }
            Progression.refresh(t);
        } else if (event instanceof Event.BudgetOverride e) {
            budgetOverride(t, e.reason());
        } else if (event instanceof BudgetOverrideCleared) {
            if (t.budgetOverride != null) {
                t.budgetOverride = null;
                t.record(RolloutReasons.ERROR_BUDGET_OVERRIDE_CLEARED, null, "error-budget freezes apply again");
            }
            Progression.refresh(t);
        } else if (event instanceof Event.SegmentBudgetOverride e) {
            segmentOverride(t, e.segment(), e.reason());
        } else if (event instanceof Event.SegmentBudgetOverrideCleared e) {
            if (t.segmentOverrides.remove(e.segment()) != null) {
                t.record(RolloutReasons.ERROR_BUDGET_OVERRIDE_CLEARED, e.segment(),
                        "the error-budget freeze of segment '" + e.segment() + "' applies again");
            }
            Progression.refresh(t);
        } else if (event instanceof LeasesObserved e) {
            t.segmentsLeasedElsewhere = new TreeSet<>(e.segmentsLeasedElsewhere());
            Progression.refresh(t);
        } else {
            ManualCommands.apply(t, event);
        }
        Progression.postReleaseBake(t);
        return t.decision();
    }

    private static void canaryReady(Transition t, CanaryReady e) {
        if (!e.revision().equals(t.revision) || t.canaryReady || !t.isActive()) {
            return;
        }
        t.canaryReady = true;
        if (t.phase == Phase.DEPLOYING) {
            t.enter(Phase.PROGRESSING, RolloutReasons.STEP_STARTED, null, "canary of " + t.revision + " is ready");
            Progression.advance(t, false);
        }
    }

    private static void canaryFailed(Transition t, CanaryFailed e) {
        if (!e.revision().equals(t.revision) || !t.isActive()) {
            return;
        }
        String text = "canary of " + t.revision + " cannot run" + (e.message() == null ? "" : ": " + e.message());
        t.withdrawEverything();
        t.enter(Phase.FAILED, RolloutReasons.CANARY_FAILED, null, text);
        t.notify(true, RolloutReasons.CANARY_FAILED, text);
    }

    private static void segmentOverride(Transition t, String segment, String reason) {
        if (t.plan.segments().stream().noneMatch(s -> s.name().equals(segment))) {
            t.notify(true, RolloutReasons.ERROR_BUDGET_OVERRIDE_UNKNOWN_SEGMENT, "an error-budget override names segment '"
                    + segment + "', which this rollout's plan does not have; it was ignored");
            return;
        }
        if (reason == null || reason.isBlank()) {
            t.notify(true, RolloutReasons.ERROR_BUDGET_OVERRIDE_NEEDS_REASON, "the error-budget override of segment '"
                    + segment + "' needs a reason (for example the incident or CVE it fixes); it was ignored");
            return;
        }
        BudgetOverride previous = t.segmentOverrides.get(segment);
        if (previous == null || !previous.reason().equals(reason)) {
            t.segmentOverrides.put(segment, new BudgetOverride(reason, t.now));
            String text = "error-budget freeze of segment '" + segment + "' overridden: " + reason;
            t.record(RolloutReasons.ERROR_BUDGET_OVERRIDDEN, segment, text);
            t.notify(true, RolloutReasons.ERROR_BUDGET_OVERRIDDEN, text);
        }
        Progression.refresh(t);
    }

    private static void budgetOverride(Transition t, String reason) {
        if (reason == null || reason.isBlank()) {
            t.notify(true, RolloutReasons.ERROR_BUDGET_OVERRIDE_NEEDS_REASON,
                    "an error-budget override needs a reason (for example the incident or CVE it fixes); it was ignored");
            return;
        }
        if (t.budgetOverride == null || !t.budgetOverride.reason().equals(reason)) {
            t.budgetOverride = new BudgetOverride(reason, t.now);
            t.record(RolloutReasons.ERROR_BUDGET_OVERRIDDEN, null, "error-budget freezes overridden: " + reason);
            t.notify(true, RolloutReasons.ERROR_BUDGET_OVERRIDDEN, "error-budget freezes overridden: " + reason);
        }
        Progression.refresh(t);
    }
}
