package dev.bulkhead.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * A notification (Kubernetes Event, webhook) the operator decided and has not delivered yet: the outbox. It is written
 * with the status that decided it and delivered after, at least once; its id names the Event and goes in the webhook
 * body, so a repeated delivery is recognisable.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OwedNotification(
        @JsonPropertyDescription("Unique id; the Event is named <rollout>.<id> and webhook receivers deduplicate by it.")
        String id,
        @JsonPropertyDescription("Normal or Warning.")
        String type,
        @JsonPropertyDescription("CamelCase reason.")
        String reason,
        @JsonPropertyDescription("What happened.")
        String message,
        @JsonPropertyDescription("When it was decided (RFC 3339).")
        String time) {
}
