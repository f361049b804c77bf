package dev.bulkhead.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** What the new revision served one tenant before it was rolled back or released. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TenantImpact(
        @JsonPropertyDescription("Tenant key.") String tenant,
        @JsonPropertyDescription("Segment of the tenant.") String segment,
        @JsonPropertyDescription("Requests served by the new revision.") Long requests,
        @JsonPropertyDescription("Bad requests (errors or too slow) served by the new revision.") Long badRequests,
        @JsonPropertyDescription("Bad requests beyond what the stable rate predicts.") Double excessBadRequests) {
}
