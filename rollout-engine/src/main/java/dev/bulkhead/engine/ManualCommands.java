package dev.bulkhead.engine;

import dev.bulkhead.engine.Event.Abort;
import dev.bulkhead.engine.Event.Pause;
import dev.bulkhead.engine.Event.Promote;
import dev.bulkhead.engine.Event.PromoteFull;
import dev.bulkhead.engine.Event.Resume;
import dev.bulkhead.engine.Event.Retry;
import dev.bulkhead.engine.plan.SegmentPlan;
import dev.bulkhead.engine.state.Phase;
import dev.bulkhead.engine.state.SegmentState;
import dev.bulkhead.engine.state.SegmentStatus;
import java.util.ArrayList;
import java.util.List;

/**
 * What a human asks through the CLI or annotations: promote, promote-full, pause, resume, abort,
 * retry. A command that does not apply in the current phase changes nothing and says why.
 */
final class ManualCommands {

    private ManualCommands() {
    }

    static void apply(Transition t, Event event) {
        if (event instanceof Promote e) {
            promote(t, e.actor());
        } else if (event instanceof PromoteFull e) {
            promoteFull(t, e.actor());
        } else if (event instanceof Pause e) {
            pause(t, e);
        } else if (event instanceof Resume e) {
            resume(t, e.actor());
        } else if (event instanceof Abort e) {
            abort(t, e);
        } else if (event instanceof Retry e) {
            retry(t, e.actor());
        } else {
            throw new IllegalArgumentException("unknown event " + event);
        }
    }

    private static boolean movable(Transition t) {
        return t.canaryReady && (t.phase == Phase.PROGRESSING || t.phase == Phase.PAUSED || t.phase == Phase.FROZEN);
    }

    private static void promote(Transition t, String actor) {
        if (!movable(t)) {
            refuse(t, "promote", "only a progressing, paused or frozen rollout with a ready canary can be promoted");
            return;
        }
        t.blockedBy = null;
        t.enter(Phase.PROGRESSING, RolloutReasons.PROMOTED_BY_USER, null, actor + " promoted to the next step");
        Progression.advance(t, true);
    }

    private static void promoteFull(Transition t, String actor) {
        if (!movable(t)) {
            refuse(t, "promote-full", "only a progressing, paused or frozen rollout with a ready canary can be promoted");
            return;
        }
        List<String> held = new ArrayList<>();
        for (int i = 0; i < t.segments.size(); i++) {
            SegmentPlan segment = t.planOf(i);
            SegmentState s = t.segment(i);
            if (s.exposedPercent() < 100 && t.isFrozen(segment.name())) {
                held.add(segment.name() + " (error budget exhausted)");
            } else if (!s.exposed() && t.segmentsLeasedElsewhere.contains(segment.name())) {
                held.add(segment.name() + " (exposed by other rollouts)");
            }
        }
        if (!held.isEmpty()) {
            refuse(t, "promote-full", "segments " + held + " cannot gain exposure; override the budget or wait");
            return;
        }
        for (int i = 0; i < t.segments.size(); i++) {
            SegmentPlan segment = t.planOf(i);
            int last = segment.steps().size() - 1;
            t.expose(i, t.segment(i).enterStep(last, 100, t.now).withStatus(SegmentStatus.RELEASED));
        }
        t.currentSegment = t.segments.size() - 1;
        Progression.beginPromotion(t, RolloutReasons.PROMOTED_FULLY_BY_USER, actor + " promoted every segment fully");
    }

    private static void pause(Transition t, Pause e) {
        if (t.phase != Phase.DEPLOYING && t.phase != Phase.PROGRESSING && t.phase != Phase.FROZEN) {
            refuse(t, "pause", "only a deploying, progressing or frozen rollout can be paused");
            return;
        }
        t.enter(Phase.PAUSED, RolloutReasons.PAUSED_BY_USER, null, e.actor() + " paused"
                + (e.message() == null ? "" : ": " + e.message()));
    }

    private static void resume(Transition t, String actor) {
        boolean frozenOnFailure = t.phase == Phase.FROZEN && RolloutReasons.FROZEN_ON_FAILURE.equals(t.reason);
        if (t.phase != Phase.PAUSED && !frozenOnFailure) {
            refuse(t, "resume", "only a paused rollout, or one frozen on failure, can be resumed");
            return;
        }
        if (RolloutReasons.AWAITING_MANUAL_GATE.equals(t.blockedBy)) {
            refuse(t, "resume", "the next step has a manual gate: promote to pass it");
            return;
        }
        if (!t.canaryReady) {
            t.enter(Phase.DEPLOYING, RolloutReasons.RESUMED_BY_USER, null, actor + " resumed; waiting for the canary");
            return;
        }
        if (t.currentSegment >= 0) {
            SegmentState s = t.segment(t.currentSegment);
            // A human looked: the hold counters start again.
            t.segments.set(t.currentSegment, s.withVerdict(s.lastVerdict(), 0, 0, 0));
        }
        t.blockedBy = null;
        t.enter(Phase.PROGRESSING, RolloutReasons.RESUMED_BY_USER, null, actor + " resumed");
        Progression.refresh(t);
    }

    private static void abort(Transition t, Abort e) {
        String text = e.actor() + " aborted" + (e.message() == null ? "" : ": " + e.message());
        if (t.phase == Phase.RELEASED && t.postReleaseBakeUntil != null && t.previousStableRevision != null) {
            Rollbacks.postReleaseRollback(t, RolloutReasons.ABORTED_BY_USER, text);
            return;
        }
        if (t.phase == Phase.PROMOTING) {
            if (t.stableRevision == null) {
                refuse(t, "abort", "the first revision has no earlier stable revision to return to");
                return;
            }
            t.withdrawEverything();
            t.promotingTo = t.stableRevision;
            t.actions.add(new Action.PromoteStable(t.stableRevision));
            t.enter(Phase.ROLLING_BACK, RolloutReasons.ABORTED_BY_USER, null, text + "; stable stays on " + t.stableRevision);
            t.notify(true, RolloutReasons.ABORTED_BY_USER, text);
            return;
        }
        if (!t.canaryActive()) {
            refuse(t, "abort", "nothing to abort in phase " + t.phase);
            return;
        }
        t.withdrawEverything();
        t.currentSegment = -1;
        t.enter(Phase.ROLLED_BACK, RolloutReasons.ABORTED_BY_USER, null, text + "; every tenant is back on stable");
        t.notify(true, RolloutReasons.ABORTED_BY_USER, text);
    }

    private static void retry(Transition t, String actor) {
        if ((t.phase != Phase.ROLLED_BACK && t.phase != Phase.FAILED) || t.revision == null
                || t.revision.equals(t.stableRevision)) {
            refuse(t, "retry", "only a rolled-back or failed release can be retried");
            return;
        }
        if (t.anyExposed() && t.canaryReady && t.currentSegment >= 0) {
            // Earlier segments kept the revision: release again from the segment that was rolled back.
            for (int k = t.currentSegment; k < t.segments.size(); k++) {
                t.segments.set(k, SegmentState.pending(t.planOf(k).name()));
            }
            t.blockedBy = null;
            t.enter(Phase.PROGRESSING, RolloutReasons.RETRIED_BY_USER, t.planOf(t.currentSegment).name(),
                    actor + " retried from segment '" + t.planOf(t.currentSegment).name() + "'");
            Progression.advance(t, false);
            return;
        }
        t.withdrawEverything();
        t.resetSegments();
        t.canaryReady = false;
        t.actions.add(new Action.ScaleCanary(t.revision, 0));
        t.enter(Phase.DEPLOYING, RolloutReasons.RETRIED_BY_USER, null, actor + " retried " + t.revision);
    }

    private static void refuse(Transition t, String command, String why) {
        t.notify(false, RolloutReasons.COMMAND_NOT_APPLICABLE, command + " ignored: " + why);
    }
}
