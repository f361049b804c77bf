package dev.bulkhead.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** Observed state of a {@link FeatureFlag}: whether Unleash matches the spec. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FeatureFlagStatus(
        @JsonPropertyDescription("The metadata.generation this status describes.")
        Long observedGeneration,
        @JsonPropertyDescription("Short summary: Synced, Drifted, Error or Invalid.")
        String phase,
        @JsonPropertyDescription("Conditions: Ready, Synced, Drifted.")
        List<Condition> conditions,
        @JsonPropertyDescription("When Unleash was last brought in line with the spec (RFC 3339).")
        String lastSynced,
        @JsonPropertyDescription("Ids of the Unleash strategies Bulkhead manages for this flag.")
        List<String> strategyIds) {
}
