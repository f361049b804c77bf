package dev.bulkhead.engine;

import dev.bulkhead.engine.plan.Plan;
import dev.bulkhead.engine.plan.SegmentPlan;
import dev.bulkhead.engine.state.BudgetOverride;
import dev.bulkhead.engine.state.HistoryEntry;
import dev.bulkhead.engine.state.Phase;
import dev.bulkhead.engine.state.ReleasedRevision;
import dev.bulkhead.engine.state.RolloutState;
import dev.bulkhead.engine.state.SegmentState;
import dev.bulkhead.engine.state.SegmentStatus;
import dev.bulkhead.engine.state.ImpactTotals;
import dev.bulkhead.engine.state.TenantImpact;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The working copy of one decision: a mutable view of the state plus the actions decided so far. The
 * engine's rules read and change it through small primitives so that every phase change gets its
 * history entry and every exposure change its action.
 */
final class Transition {

    final Plan plan;
    final Instant now;
    String revision;
    String stableRevision;
    String previousStableRevision;
    String promotingTo;
    boolean canaryReady;
    Phase phase;
    String reason;
    String message;
    Instant phaseSince;
    String blockedBy;
    int currentSegment;
    final List<SegmentState> segments;
    Instant postReleaseBakeUntil;
    final SortedSet<String> frozenSegments;
    BudgetOverride budgetOverride;
    final SortedMap<String, BudgetOverride> segmentOverrides;
    SortedSet<String> segmentsLeasedElsewhere;
    final List<ReleasedRevision> releasedRevisions;
    SortedMap<String, TenantImpact> impact;
    ImpactTotals impactTotals;
    final List<HistoryEntry> history;
    final List<Action> actions = new ArrayList<>();
    private boolean exposureChanged;

    Transition(Plan plan, RolloutState s, Instant now) {
        this.plan = plan;
        this.now = Objects.requireNonNull(now, "now");
        revision = s.revision();
        stableRevision = s.stableRevision();
        previousStableRevision = s.previousStableRevision();
        promotingTo = s.promotingTo();
        canaryReady = s.canaryReady();
        phase = s.phase();
        reason = s.reason();
        message = s.message();
        phaseSince = s.phaseSince();
        blockedBy = s.blockedBy();
        currentSegment = s.currentSegment();
        segments = new ArrayList<>(s.segments());
        postReleaseBakeUntil = s.postReleaseBakeUntil();
        frozenSegments = new TreeSet<>(s.frozenSegments());
        budgetOverride = s.budgetOverride();
        segmentOverrides = new TreeMap<>(s.segmentOverrides());
        segmentsLeasedElsewhere = new TreeSet<>(s.segmentsLeasedElsewhere());
        releasedRevisions = new ArrayList<>(s.releasedRevisions());
        impact = new TreeMap<>(s.impact());
        impactTotals = s.impactTotals();
        history = new ArrayList<>(s.history());
        alignSegments(s);
    }

    /**
     * Keeps the state's segments in the plan's order. A Segmentation or plan edited mid-rollout keeps
     * the progress of segments that remain; a segment that left the plan returns to stable.
     */
    private void alignSegments(RolloutState s) {
        List<String> planned = plan.segments().stream().map(p -> p.name()).toList();
        List<String> held = segments.stream().map(SegmentState::segment).toList();
        if (planned.equals(held)) {
            return;
        }
        String current = currentSegment >= 0 && currentSegment < held.size() ? held.get(currentSegment) : null;
        segments.clear();
        for (String name : planned) {
            segments.add(s.segment(name).orElseGet(() -> SegmentState.pending(name)));
        }
        for (SegmentState old : s.segments()) {
            if (!planned.contains(old.segment()) && old.exposed()) {
                actions.add(new Action.SetExposure(old.segment(), revision, 0, plan.groupId(), List.of()));
            }
        }
        currentSegment = current == null ? -1 : planned.indexOf(current);
    }

    Decision decision() {
        if (exposureChanged && revision != null && canaryActive()) {
            actions.add(new Action.ScaleCanary(revision, tenantShare()));
        }
        while (history.size() > RolloutState.HISTORY_LIMIT) {
            history.remove(0);
        }
        RolloutState next = new RolloutState(revision, stableRevision, previousStableRevision, promotingTo, canaryReady, phase, reason,
                message, phaseSince, blockedBy, currentSegment, segments, postReleaseBakeUntil, frozenSegments,
                budgetOverride, segmentOverrides, segmentsLeasedElsewhere, releasedRevisions, impact, impactTotals, history);
        return new Decision(next, actions, Progression.wakeAt(this));
    }

    /** Enters a phase (or a new reason within it) and records why. */
    void enter(Phase newPhase, String newReason, String segment, String text) {
        if (newPhase != phase) {
            phaseSince = now;
        }
        phase = newPhase;
        reason = newReason;
        message = text;
        record(newReason, segment, text);
    }

    /** Records a history entry without changing phase. */
    void record(String why, String segment, String text) {
        HistoryEntry entry = new HistoryEntry(now, phase, why, revision, segment, text);
        history.add(entry);
        actions.add(new Action.RecordHistory(entry));
    }

    void notify(boolean warning, String why, String text) {
        actions.add(new Action.Notify(warning, why, text));
    }

    SegmentPlan planOf(int index) {
        return plan.segments().get(index);
    }

    SegmentState segment(int index) {
        return segments.get(index);
    }

    /** Sets the percent of the segment's tenants exposed to the target revision. */
    void expose(int index, SegmentState newState) {
        int before = segments.get(index).exposedPercent();
        segments.set(index, newState);
        if (before != newState.exposedPercent()) {
            SegmentPlan segment = planOf(index);
            actions.add(new Action.SetExposure(segment.name(), revision, newState.exposedPercent(), plan.groupId(),
                    segment.tenants().exposed(newState.exposedPercent())));
            exposureChanged = true;
        }
    }

    /** Returns the segment's tenants to stable. */
    void rollBack(int index) {
        expose(index, segments.get(index).rolledBack());
    }

    boolean anyExposed() {
        return segments.stream().anyMatch(SegmentState::exposed);
    }

    /** Returns every exposed tenant to stable and removes the canary. */
    void withdrawEverything() {
        for (int i = 0; i < segments.size(); i++) {
            if (segments.get(i).exposed() || segments.get(i).status() == SegmentStatus.PROGRESSING) {
                rollBack(i);
            }
        }
        if (revision != null && canaryActive()) {
            actions.add(new Action.RetireCanary(revision));
        }
        canaryReady = false;
        blockedBy = null;
        exposureChanged = false;
    }

    void resetSegments() {
        segments.clear();
        plan.segments().forEach(s -> segments.add(SegmentState.pending(s.name())));
        currentSegment = -1;
        blockedBy = null;
    }

    boolean isFrozen(String segment) {
        return frozenSegments.contains(segment) && budgetOverride == null && !segmentOverrides.containsKey(segment);
    }

    boolean isActive() {
        return phase == Phase.DEPLOYING || phase == Phase.PROGRESSING || phase == Phase.PAUSED || phase == Phase.FROZEN;
    }

    /**
     * Whether canary pods of the target revision exist (or are being started). During promotion the
     * canary still serves its tenants until stable runs the revision.
     */
    boolean canaryActive() {
        return isActive() || phase == Phase.PROMOTING && canaryReady || (phase == Phase.ROLLED_BACK && anyExposed());
    }

    private double tenantShare() {
        int total = plan.totalTenants();
        if (total == 0) {
            return 0;
        }
        long exposed = 0;
        for (int i = 0; i < segments.size(); i++) {
            exposed += planOf(i).tenants().exposedCount(segments.get(i).exposedPercent());
        }
        return (double) exposed / total;
    }

    int indexOf(String segment) {
        return plan.indexOf(segment);
    }
}
