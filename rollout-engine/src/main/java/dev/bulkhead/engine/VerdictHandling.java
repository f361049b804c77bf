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
import dev.bulkhead.engine.plan.DurationText;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A segment's verdict and what the rollback policy makes of it: pass lets the step finish; fail rolls
 * back (or freezes, or waits for a human); inconclusive and no-data hold the step and, at their
 * limit, pause or roll back; analysis errors are missing evidence: they hold the rollout and, past the
 * outage budget, pause it (or withdraw only the step in progress); an environment incident pauses
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
        if (v.verdict() != Verdict.ERROR) {
            evidenceBack(t, i);
        }
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
            case ERROR -> missingEvidence(t, i, v, detail);
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
     * An analysis error (the metric source down or refusing, stale or partial data) is no evidence about the revision:
     * the rollout holds (no new exposure, no promotion: see {@link Progression#readyToAdvance}) and says so once; no
     * segment loses exposure for it. Only when the errors of the step in progress have lasted the outage budget and more
     * than {@code consecutiveErrorLimit} looks does {@code onAnalysisError} apply: pause (default), or withdraw that
     * step's exposure. A released segment's errors never go further than the hold.
     */
    private static void missingEvidence(Transition t, int i, SegmentVerdict v, String detail) {
        SegmentState s = t.segment(i);
        RollbackPolicy policy = t.plan.rollback();
        int n = s.errorCount() + 1;
        Instant since = s.errorSince() == null ? t.now : s.errorSince();
        t.segments.set(i, s.withError(n, since));
        if (t.phase == Phase.PROGRESSING && !RolloutReasons.ANALYSIS_UNAVAILABLE.equals(t.reason)) {
            String text = "the analysis of segment '" + v.segment() + "' cannot judge" + detail + "; holding: no new exposure"
                    + " and no promotion until it judges again, released segments keep the revision; after "
                    + DurationText.format(policy.analysisOutageBudget()) + " the step in progress is "
                    + (policy.onAnalysisError() == HoldAction.ROLLBACK ? "withdrawn" : "paused");
            t.enter(Phase.PROGRESSING, RolloutReasons.ANALYSIS_UNAVAILABLE, v.segment(), text);
            t.notify(true, RolloutReasons.ANALYSIS_UNAVAILABLE, text);
        }
        boolean inProgress = s.status() == SegmentStatus.PROGRESSING;
        boolean outlasted = !t.now.isBefore(since.plus(policy.analysisOutageBudget())) && n > policy.consecutiveErrorLimit();
        if (!inProgress || !outlasted || (t.phase != Phase.PROGRESSING && t.phase != Phase.FROZEN)) {
            return;
        }
        String text = "the analysis of segment '" + v.segment() + "' has failed " + n + " times in a row since " + since
                + ", beyond the outage budget of " + DurationText.format(policy.analysisOutageBudget()) + detail;
        if (policy.onAnalysisError() == HoldAction.ROLLBACK) {
            Rollbacks.withdrawStep(t, i, RolloutReasons.ANALYSIS_OUTAGE_BUDGET_EXCEEDED, text);
        } else {
            t.enter(Phase.PAUSED, RolloutReasons.ANALYSIS_OUTAGE_BUDGET_EXCEEDED, v.segment(), text);
            t.notify(true, RolloutReasons.ANALYSIS_OUTAGE_BUDGET_EXCEEDED, text
                    + "; paused with exposure kept: resume once the analysis judges again, or abort");
        }
    }

    /** A verdict that judged after an outage: once no exposed segment is left without evidence, the hold ends. */
    private static void evidenceBack(Transition t, int i) {
        if (t.phase != Phase.PROGRESSING || !RolloutReasons.ANALYSIS_UNAVAILABLE.equals(t.reason)) {
            return;
        }
        boolean stillMissing = false;
        for (int k = 0; k < t.segments.size(); k++) {
            SegmentState s = t.segment(k);
            stillMissing |= k != i && s.exposed() && s.lastVerdict() == Verdict.ERROR;
        }
        if (!stillMissing) {
            String text = "the analysis judges again (segment '" + t.planOf(i).name() + "'); the rollout continues";
            t.enter(Phase.PROGRESSING, RolloutReasons.ANALYSIS_RECOVERED, t.planOf(i).name(), text);
            t.notify(false, RolloutReasons.ANALYSIS_RECOVERED, text);
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
