package dev.bulkhead.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/**
 * Observed state of a {@link Rollout}. It holds everything needed to resume after a crash: the engine's state
 * (current segment and step, applied and stable revisions, pause reasons) plus a readable projection of it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RolloutStatus(
        @JsonPropertyDescription("The metadata.generation this status describes.")
        Long observedGeneration,
        @JsonPropertyDescription("Short summary derived from the state, e.g. Progressing, Paused, RolledBack, Released.")
        String phase,
        @JsonPropertyDescription("Conditions: Ready, Progressing, Degraded, Paused, RolledBack, Frozen.")
        List<Condition> conditions,
        @JsonPropertyDescription("Revision (pod-template hash or flag revision) every unexposed tenant gets; the rollback target.")
        String stableRevision,
        @JsonPropertyDescription("Revision being released.")
        String canaryRevision,
        @JsonPropertyDescription("Segment currently being released.")
        String currentSegment,
        @JsonPropertyDescription("Index of the current step within the current segment, from 0.")
        Integer currentStep,
        @JsonPropertyDescription("Readable exposure for printer columns, e.g. \"paying 25% (12/48 tenants)\".")
        String exposure,
        @JsonPropertyDescription("Per-segment detail, in release order.")
        List<SegmentStatus> segments,
        @JsonPropertyDescription("Customer impact of the current revision: tenants exposed, and what the new revision served them.")
        ImpactSummary impact,
        @Size(max = 100)
        @JsonPropertyDescription("The most recent transitions, newest last, each with its reason and the numbers behind it.")
        List<HistoryEntry> history,
        @JsonPropertyDescription("The release engine's state, serialised; what a restarted operator resumes from.")
        JsonNode engine,
        @Size(max = 20)
        @JsonPropertyDescription("The manual actions consumed most recently, newest last, with their ids: an action annotation whose id is here was applied already.")
        List<AppliedAction> actions,
        @Size(max = 50)
        @JsonPropertyDescription("Notifications decided and not yet delivered as Events and webhooks (the outbox); delivered at least once, then removed.")
        List<OwedNotification> outbox) {

    /** Without consumed actions or owed notifications. */
    public RolloutStatus(Long observedGeneration, String phase, List<Condition> conditions, String stableRevision,
            String canaryRevision, String currentSegment, Integer currentStep, String exposure, List<SegmentStatus> segments,
            ImpactSummary impact, List<HistoryEntry> history, JsonNode engine) {
        this(observedGeneration, phase, conditions, stableRevision, canaryRevision, currentSegment, currentStep, exposure,
                segments, impact, history, engine, null, null);
    }

    /** This status with {@code actions} and {@code outbox} replaced (empty lists are left out). */
    public RolloutStatus withBookkeeping(List<AppliedAction> newActions, List<OwedNotification> newOutbox) {
        return new RolloutStatus(observedGeneration, phase, conditions, stableRevision, canaryRevision, currentSegment,
                currentStep, exposure, segments, impact, history, engine,
                newActions == null || newActions.isEmpty() ? null : List.copyOf(newActions),
                newOutbox == null || newOutbox.isEmpty() ? null : List.copyOf(newOutbox));
    }
}
