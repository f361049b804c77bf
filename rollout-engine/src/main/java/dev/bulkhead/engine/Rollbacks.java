package dev.bulkhead.engine;

import dev.bulkhead.engine.impact.CustomerImpact;
import dev.bulkhead.engine.plan.RollbackPolicy;
import dev.bulkhead.engine.state.Phase;
import dev.bulkhead.engine.state.SegmentState;
import dev.bulkhead.engine.state.SegmentStatus;

/** Returning tenants to stable: by segment or all, before promotion or after it. */
final class Rollbacks {

    /** How many tenants a rollback notification names. */
    static final int NOTIFIED_TENANTS = 5;

    private Rollbacks() {
    }

    /**
     * Rolls back segment {@code i} per the policy: scope {@code all} (or not keeping earlier segments)
     * returns every tenant to stable; scope {@code segment} returns segment {@code i} and every later
     * one, whose release assumed the earlier rings were healthy.
     */
    static void rollBack(Transition t, int i, String reason, String text) {
        RollbackPolicy policy = t.plan.rollback();
        String impact = CustomerImpact.describeTop(t.impact.values(), NOTIFIED_TENANTS);
        if (policy.scope() == RollbackPolicy.Scope.ALL || !policy.keepEarlierSegments()) {
            t.withdrawEverything();
            t.currentSegment = -1;
            t.enter(Phase.ROLLED_BACK, RolloutReasons.ROLLED_BACK, t.planOf(i).name(), text + "; every segment is back on stable");
        } else {
            for (int k = i; k < t.segments.size(); k++) {
                SegmentState s = t.segment(k);
                if (s.exposed() || s.status() == SegmentStatus.PROGRESSING) {
                    t.rollBack(k);
                }
            }
            t.blockedBy = null;
            t.currentSegment = i;
            if (!t.anyExposed()) {
                t.actions.add(new Action.RetireCanary(t.revision));
                t.canaryReady = false;
            }
            t.enter(Phase.ROLLED_BACK, RolloutReasons.SEGMENT_ROLLED_BACK, t.planOf(i).name(), text
                    + "; segment '" + t.planOf(i).name() + "' and later ones are back on stable, earlier ones keep the revision");
        }
        t.notify(true, reason, text + ". Rolled back. Most impacted tenants: " + impact);
    }

    /**
     * Withdraws only the step in progress in segment {@code i} (the outage budget ran out with
     * {@code onAnalysisError: rollback}): segments released earlier keep the revision, since nothing showed them harmed.
     */
    static void withdrawStep(Transition t, int i, String reason, String text) {
        t.rollBack(i);
        t.blockedBy = null;
        t.currentSegment = i;
        if (!t.anyExposed()) {
            t.actions.add(new Action.RetireCanary(t.revision));
            t.canaryReady = false;
        }
        t.enter(Phase.ROLLED_BACK, reason, t.planOf(i).name(), text + "; the step in progress of segment '"
                + t.planOf(i).name() + "' is withdrawn, released segments keep the revision");
        t.notify(true, reason, text + "; the step in progress is withdrawn (onAnalysisError: rollback); retry once the"
                + " analysis judges again");
    }

    /** After promotion: stable returns to the revision it ran before. */
    static void postReleaseRollback(Transition t, String reason, String text) {
        t.postReleaseBakeUntil = null;
        t.promotingTo = t.previousStableRevision;
        t.actions.add(new Action.PromoteStable(t.previousStableRevision));
        t.enter(Phase.ROLLING_BACK, reason, null, text + "; stable returns to " + t.previousStableRevision);
        t.notify(true, reason, text + "; rolling stable back to " + t.previousStableRevision);
    }
}
