package dev.bulkhead.engine;

import dev.bulkhead.engine.state.Phase;
import dev.bulkhead.engine.state.ReleasedRevision;
import java.util.TreeMap;

/** A new revision (first, next, superseding, reverting, fast rollback) and stable taking a revision. */
final class Revisions {

    private Revisions() {
    }

    static void newRevision(Transition t, String revision) {
        if (revision == null || revision.isBlank() || revision.equals(t.revision) && t.phase != Phase.PENDING) {
            return; // the spec did not change
        }
        if (t.canaryActive()) {
            String old = t.revision;
            t.withdrawEverything();
            t.record(RolloutReasons.REVISION_SUPERSEDED, null, "revision " + old + " is superseded by " + revision
                    + "; nobody stays on it");
            t.notify(false, RolloutReasons.REVISION_SUPERSEDED, "revision " + old + " superseded by " + revision);
        }
        t.revision = revision;
        t.resetSegments();
        t.impact = new TreeMap<>();
        t.impactTotals = dev.bulkhead.engine.state.ImpactTotals.NONE;
        t.postReleaseBakeUntil = null;
        t.canaryReady = false;
        if (revision.equals(t.stableRevision)) {
            t.enter(Phase.RELEASED, RolloutReasons.REVERTED_TO_STABLE, null, "stable already runs " + revision);
        } else if (t.stableRevision == null && t.promotingTo == null) {
            // Nothing runs yet, so there is nobody to protect and nothing to compare with.
            Progression.beginPromotion(t, RolloutReasons.INITIAL_RELEASE, "first revision " + revision + " goes straight to stable");
        } else if (recentlyReleased(t, revision)) {
            Progression.beginPromotion(t, RolloutReasons.FAST_ROLLBACK, "revision " + revision
                    + " was released within the fast-rollback window (" + t.plan.fastRollbackWindow() + "); steps skipped");
        } else {
            t.actions.add(new Action.ScaleCanary(revision, 0));
            t.enter(Phase.DEPLOYING, RolloutReasons.NEW_REVISION, null, "deploying canary of " + revision + "; nobody exposed");
        }
    }

    static void promotionComplete(Transition t, String revision) {
        if (revision == null || !revision.equals(t.promotingTo)) {
            return;
        }
        String before = t.stableRevision;
        t.promotingTo = null;
        t.stableRevision = revision;
        if (t.phase == Phase.ROLLING_BACK) {
            t.previousStableRevision = null;
            t.releasedRevisions.replaceAll(r -> r.revision().equals(revision)
                    ? new ReleasedRevision(r.revision(), r.releasedAt(), null) : r);
            t.enter(Phase.ROLLED_BACK, RolloutReasons.POST_RELEASE_ROLLED_BACK, null, "stable runs " + revision + " again");
            return;
        }
        t.previousStableRevision = before;
        if (before != null) {
            t.releasedRevisions.replaceAll(r -> r.revision().equals(before) && r.supersededAt() == null
                    ? new ReleasedRevision(r.revision(), r.releasedAt(), t.now) : r);
        }
        if (t.phase == Phase.PROMOTING) {
            Progression.promoted(t);
        }
    }

    private static boolean recentlyReleased(Transition t, String revision) {
        return t.releasedRevisions.stream().anyMatch(r -> r.revision().equals(revision)
                && r.supersededAt() != null
                && !t.now.isAfter(r.supersededAt().plus(t.plan.fastRollbackWindow())));
    }
}
