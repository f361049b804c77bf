package dev.bulkhead.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * A manual action the operator consumed from the {@code bulkhead.dev/action} annotation. It is written to status in
 * the same write as the action's effect and before the annotation is removed, so a replay of the same annotation is
 * recognised by its id and never applied twice, and no status write can lose it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AppliedAction(
        @JsonPropertyDescription("The action's id, from the bulkhead.dev/action-id annotation (set by the kubectl plugin and the dashboard, or by the operator for a plain action).")
        String id,
        @JsonPropertyDescription("The action: promote, promote-full, pause, resume, abort or retry (or the invalid word that was refused).")
        String action,
        @JsonPropertyDescription("Who asked (bulkhead.dev/actor).")
        String actor,
        @JsonPropertyDescription("When the operator applied it (RFC 3339).")
        String time,
        @JsonPropertyDescription("What it did: the phase it led to, or why it did not apply.")
        String outcome) {
}
