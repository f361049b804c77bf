package dev.bulkhead.engine;

import dev.bulkhead.engine.plan.SegmentPlan;
import dev.bulkhead.engine.plan.Step;
import dev.bulkhead.engine.state.Phase;
import dev.bulkhead.engine.state.ReleasedRevision;
import dev.bulkhead.engine.state.RolloutState;
import dev.bulkhead.engine.state.SegmentState;
import dev.bulkhead.engine.state.SegmentStatus;
import dev.bulkhead.engine.state.Verdict;
import java.time.Instant;

/**
 * Moving forward: the next step or segment, the gates in front of it (error budget, segment lease,
 * manual gate), bakes, promotion and the post-release bake.
 */
final class Progression {

    private Progression() {
    }

    /** The next (segment, step) to enter, or null when every segment has passed its last step. */
    static int[] next(Transition t) {
        int cur = Math.max(t.currentSegment, 0);
        SegmentState s = t.segment(cur);
        if (s.step() + 1 < t.planOf(cur).steps().size() && s.status() != SegmentStatus.RELEASED) {
            return new int[] {cur, s.step() + 1};
        }
        return cur + 1 < t.segments.size() ? new int[] {cur + 1, 0} : null;
    }

    /** Whether the current step is done: its bake elapsed and the latest verdict since it started is a pass. */
    static boolean readyToAdvance(Transition t) {
        if (t.currentSegment < 0) {
            return true;
        }
        SegmentState s = t.segment(t.currentSegment);
        if (s.step() < 0) {
            return true;
        }
        // Unknown never promotes: inconclusive, no-data and errors since the step began hold it, and so does an exposed
        // segment the analysis cannot judge any more (missing evidence holds everything, it pulls nothing back).
        boolean evidenceMissing = t.segments.stream().anyMatch(x -> x.exposed() && x.lastVerdict() == Verdict.ERROR);
        return s.lastVerdict() == Verdict.PASS && bakeElapsed(t, t.currentSegment) && !evidenceMissing;
    }

    /** Whether segment {@code i} has been at its current step for at least the step's bake. */
    static boolean bakeElapsed(Transition t, int i) {
        return RolloutEngine.stepBaked(t.planOf(i), t.segment(i), t.now);
    }

    /** Enters the next step if no gate holds it; {@code manual} passes a manual gate (a human promoted). */
    static void advance(Transition t, boolean manual) {
        int[] target = next(t);
        if (target == null) {
            releaseSegment(t, t.currentSegment);
            beginPromotion(t, RolloutReasons.ALL_SEGMENTS_RELEASED, "every segment passed its last step");
            return;
        }
        SegmentPlan segment = t.planOf(target[0]);
        // A step that exposes no tenant of a listed segment can never yield canary data, so it would only hold and
        // then pause: it is the plan without that step. Small segments hit this with low percents (5% of 10 tenants).
        // The default segment is exempt: its tenants are not enumerable, and a flag buckets them all the same.
        while (!segment.isDefault() && target[1] < segment.steps().size() - 1
                && segment.tenants().exposedCount(segment.step(target[1]).percent()) == 0) {
            t.record(RolloutReasons.STEP_SKIPPED, segment.name(), "segment '" + segment.name() + "' step " + target[1]
                    + " (" + segment.step(target[1]).percent() + "%) exposes none of its " + segment.tenants().size()
                    + " tenants; skipped");
            target = new int[] {target[0], target[1] + 1};
        }
        Step step = segment.step(target[1]);
        if (t.isFrozen(segment.name())) {
            block(t, Phase.FROZEN, RolloutReasons.ERROR_BUDGET_EXHAUSTED, segment.name(), "segment '" + segment.name()
                    + "' has exhausted its error budget; it gains no exposure until the budget recovers or an override with a reason is set");
            return;
        }
        if (!t.segment(target[0]).exposed() && t.segmentsLeasedElsewhere.contains(segment.name())) {
            block(t, Phase.PROGRESSING, RolloutReasons.WAITING_FOR_SEGMENT_LEASE, segment.name(), "segment '"
                    + segment.name() + "' is exposed by other rollouts up to the concurrency limit");
            return;
        }
        if (step.manualGate() && !manual) {
            block(t, Phase.PAUSED, RolloutReasons.AWAITING_MANUAL_GATE, segment.name(), "step " + target[1]
                    + " of segment '" + segment.name() + "' (" + step.percent() + "%) waits for a manual promote");
            return;
        }
        t.blockedBy = null;
        if (target[0] != t.currentSegment && t.currentSegment >= 0) {
            releaseSegment(t, t.currentSegment);
        }
        t.currentSegment = target[0];
        t.expose(target[0], t.segment(target[0]).enterStep(target[1], step.percent(), t.now));
        t.enter(Phase.PROGRESSING, RolloutReasons.STEP_STARTED, segment.name(), "segment '" + segment.name()
                + "' step " + target[1] + ": " + step.percent() + "% (" + segment.tenants().exposedCount(step.percent())
                + " of " + segment.tenants().size() + " tenants), bake " + step.bake());
    }

    /** Re-examines a held rollout after the clock, a budget, an override or the leases changed. */
    static void refresh(Transition t) {
        if (t.phase == Phase.FROZEN && t.blockedBy == null) {
            return; // frozen on failure: only a human resumes
        }
        if (t.phase != Phase.PROGRESSING && t.phase != Phase.FROZEN) {
            return;
        }
        int[] target = next(t);
        if (target != null && t.isFrozen(t.planOf(target[0]).name())) {
            String name = t.planOf(target[0]).name();
            block(t, Phase.FROZEN, RolloutReasons.ERROR_BUDGET_EXHAUSTED, name, "segment '" + name
                    + "' has exhausted its error budget; it gains no exposure until the budget recovers or an override with a reason is set");
            return;
        }
        if (RolloutReasons.ERROR_BUDGET_EXHAUSTED.equals(t.blockedBy)) {
            t.blockedBy = null;
            t.enter(Phase.PROGRESSING, t.budgetOverride != null || !t.segmentOverrides.isEmpty() ? RolloutReasons.ERROR_BUDGET_OVERRIDDEN
                    : RolloutReasons.ERROR_BUDGET_RECOVERED, null, "releases may widen exposure again");
        }
        if (t.phase == Phase.PROGRESSING && readyToAdvance(t)) {
            advance(t, false);
        }
    }

    /** Ends the post-release bake when its time has come; the revision then counts as released. */
    static void postReleaseBake(Transition t) {
        if (t.phase != Phase.RELEASED || t.postReleaseBakeUntil == null || t.now.isBefore(t.postReleaseBakeUntil)) {
            return;
        }
        t.postReleaseBakeUntil = null;
        t.releasedRevisions.removeIf(r -> r.revision().equals(t.revision));
        t.releasedRevisions.add(new ReleasedRevision(t.revision, t.now, null));
        while (t.releasedRevisions.size() > RolloutState.RELEASED_REVISIONS_LIMIT) {
            t.releasedRevisions.remove(0);
        }
        t.enter(Phase.RELEASED, RolloutReasons.POST_RELEASE_BAKE_PASSED, null, "revision " + t.revision
                + " passed its post-release bake");
    }

    /** Every segment is released: ask stable to take the revision. */
    static void beginPromotion(Transition t, String reason, String text) {
        t.blockedBy = null;
        t.promotingTo = t.revision;
        t.actions.add(new Action.PromoteStable(t.revision));
        t.enter(Phase.PROMOTING, reason, null, text);
    }

    /** Stable runs the new revision: canary exposure ends, the post-release bake starts. */
    static void promoted(Transition t) {
        for (int i = 0; i < t.segments.size(); i++) {
            // Stable now serves the new revision, so the canary routes go.
            t.expose(i, t.segment(i).released(0));
        }
        if (t.canaryReady) {
            t.actions.add(new Action.RetireCanary(t.revision));
        }
        t.canaryReady = false;
        t.postReleaseBakeUntil = t.now.plus(t.plan.postReleaseBake());
        t.enter(Phase.RELEASED, RolloutReasons.PROMOTED, null, "stable runs " + t.revision
                + "; post-release bake until " + t.postReleaseBakeUntil);
        postReleaseBake(t);
    }

    /** When a {@code Tick} is next needed: the end of the current bake or of the post-release bake. */
    static Instant wakeAt(Transition t) {
        if (t.phase == Phase.RELEASED && t.postReleaseBakeUntil != null) {
            return t.postReleaseBakeUntil;
        }
        if (t.phase == Phase.PROGRESSING && t.currentSegment >= 0) {
            SegmentState s = t.segment(t.currentSegment);
            if (s.status() == SegmentStatus.PROGRESSING && s.stepStartedAt() != null) {
                Instant end = s.stepStartedAt().plus(t.planOf(t.currentSegment).step(s.step()).bake());
                return end.isAfter(t.now) ? end : null;
            }
        }
        return null;
    }

    private static void releaseSegment(Transition t, int index) {
        if (index < 0 || t.segment(index).status() == SegmentStatus.RELEASED) {
            return;
        }
        t.segments.set(index, t.segment(index).withStatus(SegmentStatus.RELEASED));
        t.record(RolloutReasons.SEGMENT_RELEASED, t.planOf(index).name(), "segment '" + t.planOf(index).name()
                + "' passed every step");
    }

    private static void block(Transition t, Phase phase, String reason, String segment, String text) {
        if (reason.equals(t.blockedBy) && t.phase == phase) {
            return;
        }
        t.blockedBy = reason;
        t.enter(phase, reason, segment, text);
        t.notify(!RolloutReasons.WAITING_FOR_SEGMENT_LEASE.equals(reason), reason, text);
    }
}
