package dev.bulkhead.engine.state;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Everything the engine needs to continue a rollout, kept in the Rollout status so that a restarted
 * operator resumes exactly where it was. Immutable; {@code RolloutEngine.decide} returns the next one.
 *
 * @param revision                the revision being released (the target), null before the first
 * @param stableRevision          the revision stable serves: the rollback target
 * @param previousStableRevision  the revision stable served before, the target of a post-release rollback
 * @param promotingTo             the revision stable is being moved to, until the operator confirms
 * @param canaryReady             whether the target revision's canary pods are ready
 * @param phase                   the short phase; {@code reason}/{@code message} say why it was entered
 * @param blockedBy               what holds the next step (manual gate, error budget, segment lease), or null
 * @param currentSegment          index of the segment being released, -1 before the first
 * @param segments                per segment progress, in plan order
 * @param postReleaseBakeUntil    end of the post-release bake, null when none runs
 * @param frozenSegments          segments whose error budget is exhausted
 * @param budgetOverride          a human's override of every budget freeze, or null
 * @param segmentOverrides        a human's override of one segment's budget freeze, by segment
 * @param segmentsLeasedElsewhere segments other rollouts expose up to the concurrency limit
 * @param releasedRevisions       recently released revisions, for fast rollback
 * @param impact                  customer impact per tenant for the target revision, the most impacted tenants only
 *                                (at most {@code CustomerImpact.TENANTS_KEPT})
 * @param impactTotals            customer impact over every tenant served (exact request and error counts); derived
 *                                from {@code impact} when absent (a state written before the ledger was bounded)
 * @param history                 the latest transitions, oldest first
 */
public record RolloutState(
        String revision,
        String stableRevision,
        String previousStableRevision,
        String promotingTo,
        boolean canaryReady,
        Phase phase,
        String reason,
        String message,
        Instant phaseSince,
        String blockedBy,
        int currentSegment,
        List<SegmentState> segments,
        Instant postReleaseBakeUntil,
        SortedSet<String> frozenSegments,
        BudgetOverride budgetOverride,
        SortedMap<String, BudgetOverride> segmentOverrides,
        SortedSet<String> segmentsLeasedElsewhere,
        List<ReleasedRevision> releasedRevisions,
        SortedMap<String, TenantImpact> impact,
        ImpactTotals impactTotals,
        List<HistoryEntry> history) {

    /** How many history entries the state keeps; older ones live on as Kubernetes events. */
    public static final int HISTORY_LIMIT = 50;
    /** How many released revisions are remembered for fast rollback. */
    public static final int RELEASED_REVISIONS_LIMIT = 10;

    public RolloutState {
        segments = segments == null ? List.of() : List.copyOf(segments);
        frozenSegments = Collections.unmodifiableSortedSet(new TreeSet<>(frozenSegments == null ? Collections.<String>emptySortedSet() : frozenSegments));
        segmentsLeasedElsewhere = Collections.unmodifiableSortedSet(
                new TreeSet<>(segmentsLeasedElsewhere == null ? Collections.<String>emptySortedSet() : segmentsLeasedElsewhere));
        segmentOverrides = Collections.unmodifiableSortedMap(new TreeMap<>(segmentOverrides == null ? Map.of() : segmentOverrides));
        releasedRevisions = releasedRevisions == null ? List.of() : List.copyOf(releasedRevisions);
        impact = Collections.unmodifiableSortedMap(new TreeMap<>(impact == null ? Map.of() : impact));
        impactTotals = impactTotals == null ? ImpactTotals.of(impact.values()) : impactTotals;
        history = history == null ? List.of() : List.copyOf(history);
    }

    /** A rollout that has seen no revision yet. */
    public static RolloutState initial() {
        return new RolloutState(null, null, null, null, false, Phase.PENDING, null, null, null, null, -1,
                List.of(), null, null, null, null, null, List.of(), null, null, List.of());
    }

    /** Whether the segment's exhausted budget holds it: frozen, and no override for it or for all segments. */
    public boolean frozen(String segment) {
        return frozenSegments.contains(segment) && budgetOverride == null && !segmentOverrides.containsKey(segment);
    }

    public Optional<SegmentState> segment(String name) {
        return segments.stream().filter(s -> s.segment().equals(name)).findFirst();
    }

    /** Segments with at least one tenant on the new revision. */
    public List<String> exposedSegments() {
        return segments.stream().filter(SegmentState::exposed).map(SegmentState::segment).toList();
    }
}
