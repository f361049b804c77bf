package dev.bulkhead.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/**
 * One observation of the resource's state, following the Kubernetes API conventions: a fixed type, a tri-state
 * status, one CamelCase reason, a human message, and the generation it was computed from.
 * {@code lastTransitionTime} moves only when {@code status} changes.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Condition(
        @Required @Pattern("^[A-Z][A-Za-z]*$") @Size(max = 64)
        @JsonPropertyDescription("Condition type, e.g. Ready, Progressing, Degraded, Paused, RolledBack, Frozen.")
        String type,
        @Required
        @JsonPropertyDescription("True, False or Unknown.")
        ConditionStatus status,
        @Required @Pattern("^[A-Za-z]([A-Za-z0-9]*)$") @Size(max = 128)
        @JsonPropertyDescription("One CamelCase word saying why the condition has this status.")
        String reason,
        @Size(max = 32768)
        @JsonPropertyDescription("A sentence for humans: what happened and what to do about it.")
        String message,
        @Required
        @JsonPropertyDescription("When status last changed (RFC 3339).")
        String lastTransitionTime,
        @JsonPropertyDescription("The metadata.generation this condition was computed from.")
        Long observedGeneration) {
}
