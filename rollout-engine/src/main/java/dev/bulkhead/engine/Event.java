package dev.bulkhead.engine;

import dev.bulkhead.engine.state.Verdict;
import java.util.List;
import java.util.Set;

/**
 * Something that happened to a rollout. The operator turns what it observes (spec edits, pod
 * readiness, analysis results, annotations set by the CLI, SLO status, the clock) into events and
 * feeds them one at a time to {@link RolloutEngine#decide}.
 */
public sealed interface Event {

    /** The Rollout's pod template now resolves to {@code revision} (also: a new revision mid-rollout). */
    record NewRevision(String revision) implements Event {
    }

    /** The canary pods of {@code revision} are ready. */
    record CanaryReady(String revision) implements Event {
    }

    /** The canary pods of {@code revision} cannot run (crash loop, image pull, progress deadline). */
    record CanaryFailed(String revision, String message) implements Event {
    }

    /** Stable now runs {@code revision} (after a promotion or a post-release rollback). */
    record PromotionComplete(String revision) implements Event {
    }

    /**
     * The analysis' verdict for one segment, the numbers behind it as a message, and the per-tenant
     * counts of the new revision for customer impact.
     */
    record SegmentVerdict(String segment, Verdict verdict, String message, List<TenantTraffic> traffic) implements Event {

        public SegmentVerdict {
            traffic = traffic == null ? List.of() : List.copyOf(traffic);
        }

        public static SegmentVerdict of(String segment, Verdict verdict) {
            return new SegmentVerdict(segment, verdict, null, List.of());
        }
    }

    /** Time passed: bakes and the post-release bake are checked against {@code now}. */
    record Tick() implements Event {
    }

    /** Manual: enter the next step now (skipping the bake, passing a manual gate). */
    record Promote(String actor) implements Event {
    }

    /** Manual: expose every segment fully and promote. Error-budget freezes and segment leases still apply. */
    record PromoteFull(String actor) implements Event {
    }

    /** Manual: hold the rollout where it is. */
    record Pause(String actor, String message) implements Event {
    }

    /** Manual: continue after a pause or a freeze on failure. */
    record Resume(String actor) implements Event {
    }

    /** Manual: return every tenant to stable and stop. */
    record Abort(String actor, String message) implements Event {
    }

    /** Manual: release the same revision again after a rollback or a failure. */
    record Retry(String actor) implements Event {
    }

    /** The segment's error budget is exhausted (from the ServiceLevelObjective status). */
    record BudgetExhausted(String segment) implements Event {
    }

    /** The segment's error budget is above the freeze floor again. */
    record BudgetRecovered(String segment) implements Event {
    }

    /** The override annotation is set: budget freezes no longer hold this rollout. A reason is required. */
    record BudgetOverride(String reason) implements Event {
    }

    /** The override annotation was removed. */
    record BudgetOverrideCleared() implements Event {
    }

    /** A segment's override annotation is set: its budget freeze no longer holds this rollout. A reason is required. */
    record SegmentBudgetOverride(String segment, String reason) implements Event {
    }

    /** A segment's override annotation was removed. */
    record SegmentBudgetOverrideCleared(String segment) implements Event {
    }

    /**
     * Segments other rollouts already expose up to the concurrency limit, computed by
     * {@code SegmentLeases}; this rollout gains no new segment among them.
     */
    record LeasesObserved(Set<String> segmentsLeasedElsewhere) implements Event {

        public LeasesObserved {
            segmentsLeasedElsewhere = Set.copyOf(segmentsLeasedElsewhere);
        }
    }
}
