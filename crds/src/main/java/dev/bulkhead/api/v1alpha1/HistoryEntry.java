package dev.bulkhead.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One transition of a rollout, kept for audit: when, what, why and who. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HistoryEntry(
        @JsonPropertyDescription("When (RFC 3339).") String time,
        @JsonPropertyDescription("Phase entered.") String phase,
        @JsonPropertyDescription("Segment concerned, if any.") String segment,
        @JsonPropertyDescription("CamelCase reason.") String reason,
        @JsonPropertyDescription("What happened, with the numbers behind it.") String message,
        @JsonPropertyDescription("Who asked, for manual actions.") String actor) {
}
