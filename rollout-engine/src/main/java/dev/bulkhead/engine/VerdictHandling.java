package dev.bulkhead.engine;

import dev.bulkhead.engine.Event.SegmentVerdict;
import dev.bulkhead.engine.plan.RollbackPolicy;
import dev.bulkhead.engine.plan.RollbackPolicy.HoldAction;
import dev.bulkhead.engine.state.Phase;
import dev.bulkhead.engine.state.SegmentState;
import dev.bulkhead.engine.state.SegmentStatus;
import dev.bulkhead.engine.state.TenantImpact;
import dev.bulkhead.engine.state.Verdict;
import dev.bulkhead.engine.impact.CustomerImpact;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A segment's verdict and what the rollback policy makes of it: pass lets the step finish; fail rolls
 * back (or freezes, or waits for a human); inconclusive and no-data hold the step and, at their
 * limit, pause or roll back; repeated analysis errors roll back; an environment incident pauses
 * without blaming the revision.
 */
final class VerdictHandling {

    private VerdictHandling() {
    }

    static void apply(Transition t, SegmentVerdict v) {
        int i = t.indexOf(v.segment());
        if (i < 0 || v.verdict() == null) {
            return;
        }
        if (t.phase == Phase.RELEASED && t.postReleaseBakeUntil != null) {
            postRelease(t, i, v);
            return;
        }
        boolean judged = t.isActive() || t.phase == Phase.ROLLED_BACK;
        SegmentState s = t.segment(i);
        if (!judged || !s.exposed()) {
            return; // nobody in this segment runs the revision: the verdict concerns nothing
        }
        attributeImpact(t, i, v);
        RollbackPolicy policy = t.plan.rollback();
        String detail = v.message() == null ? "" : ": " + v.message();
        switch (v.verdict()) {
            case PASS -> {
                t.segments.set(i, s.withVerdict(Verdict.PASS, 0, 0, 0));
                Progression.refresh(t);
            }
            case FAIL -> {
                t.segments.set(i, s.withVerdict(Verdict.FAIL, 0, 0, 0));
                onFailure(t, i, RolloutReasons.SEGMENT_FAILED, "segment '" + v.segment() + "' failed its analysis" + detail);
            }
            case INCONCLUSIVE -> {
                int n = s.inconclusiveCount() + (holds(t, i) ? 1 : 0);
                t.segments.set(i, s.withVerdict(Verdict.INCONCLUSIVE, n, s.noDataCount(), 0));
                if (holds(t, i) && n >= policy.inconclusiveLimit()) {
                    onHoldLimit(t, i, policy.onInconclusive(), RolloutReasons.INCONCLUSIVE_LIMIT_REACHED,
                            "segment '" + v.segment() + "' stayed inconclusive for " + n + " intervals" + detail);
                }
            }
            case NO_DATA -> {
                int n = s.noDataCount() + (holds(t, i) ? 1 : 0);
                t.segments.set(i, s.withVerdict(Verdict.NO_DATA, s.inconclusiveCount(), n, 0));
                if (holds(t, i) && n >= policy.noDataLimit()) {
                    onHoldLimit(t, i, policy.onNoData(), RolloutReasons.NO_DATA_LIMIT_REACHED,
                            "segment '" + v.segment() + "' had no data for " + n + " intervals" + detail);
                }
            }
            case ERROR -> {
                int n = s.errorCount() + 1;
                t.segments.set(i, s.withVerdict(Verdict.ERROR, s.inconclusiveCount(), s.noDataCount(), n));
                // Argo Rollouts' convention: the limit is how many consecutive errors are tolerated.
                if (n > policy.consecutiveErrorLimit()) {
                    onHoldLimit(t, i, policy.onAnalysisError(), RolloutReasons.ANALYSIS_ERROR_LIMIT_EXCEEDED,
                            "the analysis of segment '" + v.segment() + "' failed " + n + " times in a row" + detail);
                }
            }
            case ENVIRONMENT_INCIDENT -> {
                t.segments.set(i, s.withVerdict(Verdict.ENVIRONMENT_INCIDENT, s.inconclusiveCount(), s.noDataCount(), 0));
                String text = "canary and stable degraded together in segment '" + v.segment()
                        + "': an environment incident, not the revision" + detail;
                if (t.phase == Phase.PROGRESSING || t.phase == Phase.FROZEN) {
                    t.enter(Phase.PAUSED, RolloutReasons.ENVIRONMENT_INCIDENT, v.segment(), text);
                } else {
                    t.record(RolloutReasons.ENVIRONMENT_INCIDENT, v.segment(), text);
                }
                t.notify(true, RolloutReasons.ENVIRONMENT_INCIDENT, text);
            }
            default -> throw new IllegalStateException("unhandled verdict " + v.verdict());
        }
    }

    /**
     * Whether a verdict that is neither pass nor fail holds segment {@code i} back: only once the bake of the step it is
     * at has elapsed, since until then the step would not end anyway, and never for a segment that passed every step.
     * The inconclusive and no-data limits count these looks, so a long bake, or a later segment's long bake while
     * released ones are still watched, never pauses a healthy rollout.
     */
    private static boolean holds(Transition t, int i) {
        SegmentState s = t.segment(i);
        return s.status() == SegmentStatus.PROGRESSING && Progression.bakeElapsed(t, i);
    }

    private static void onHoldLimit(Transition t, int i, HoldAction action, String reason, String text) {
        if (action == HoldAction.ROLLBACK) {
            onFailure(t, i, reason, text);
        } else if (t.phase != Phase.PAUSED && t.phase != Phase.ROLLED_BACK) {
            t.enter(Phase.PAUSED, reason, t.planOf(i).name(), text);
            t.notify(true, reason, text + "; a human should look, then resume or abort");
        }
    }

    /** A failure (or a hold that the policy treats as one) in segment {@code i}. */
    static void onFailure(Transition t, int i, String reason, String text) {
        RollbackPolicy policy = t.plan.rollback();
        if (!policy.automatic()) {
            if (t.phase != Phase.ROLLED_BACK && !RolloutReasons.FAILED_AWAITING_DECISION.equals(t.reason)) {
                t.enter(Phase.PAUSED, RolloutReasons.FAILED_AWAITING_DECISION, t.planOf(i).name(), text);
            }
            t.notify(true, reason, text + "; automatic rollback is off: abort to roll back, or promote to continue");
            return;
        }
        if (policy.reaction() == RollbackPolicy.Reaction.FREEZE) {
            if (t.phase != Phase.FROZEN || !RolloutReasons.FROZEN_ON_FAILURE.equals(t.reason)) {
                t.blockedBy = null;
                t.enter(Phase.FROZEN, RolloutReasons.FROZEN_ON_FAILURE, t.planOf(i).name(), text);
            }
            t.notify(true, reason, text + "; the release cannot be reversed: exposure stops where it is");
            return;
        }
        Rollbacks.rollBack(t, i, reason, text);
    }

    private static void postRelease(Transition t, int i, SegmentVerdict v) {
        boolean failing = v.verdict() == Verdict.FAIL;
        if (!failing) {
            return; // after promotion only a failure matters: nothing is held any more
        }
        String text = "segment '" + v.segment() + "' failed during the post-release bake"
                + (v.message() == null ? "" : ": " + v.message());
        RollbackPolicy policy = t.plan.rollback();
        if (!policy.automatic() || policy.reaction() == RollbackPolicy.Reaction.FREEZE || t.previousStableRevision == null) {
            t.record(RolloutReasons.POST_RELEASE_FAILURE, v.segment(), text);
            t.notify(true, RolloutReasons.POST_RELEASE_FAILURE, text + "; no automatic rollback applies");
            return;
        }
        Rollbacks.postReleaseRollback(t, RolloutReasons.POST_RELEASE_FAILURE, text);
    }

    /** Customer impact: only tenants the segment exposes can have been served by the new revision. */
    private static void attributeImpact(Transition t, int i, SegmentVerdict v) {
        if (v.traffic().isEmpty()) {
            return;
        }
        String segment = t.planOf(i).name();
        Set<String> exposed = new HashSet<>(t.planOf(i).tenants().exposed(t.segment(i).exposedPercent()));
        List<TenantImpact> served = new ArrayList<>();
        for (TenantTraffic traffic : v.traffic()) {
            if (exposed.contains(traffic.tenant()) && (traffic.requests() > 0 || traffic.errors() > 0)) {
                served.add(new TenantImpact(traffic.tenant(), segment, traffic.requests(), traffic.errors()));
            }
        }
        t.impactTotals = CustomerImpact.account(t.impact, t.impactTotals, served, CustomerImpact.TENANTS_KEPT);
    }
}
