package dev.bulkhead.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** Customer impact of a revision, summarised; the complete per-tenant report comes from the operator's API. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ImpactSummary(
        @JsonPropertyDescription("Tenants ever exposed to the revision.") Integer tenantsExposed,
        @JsonPropertyDescription("Tenants with bad requests from the revision.") Integer tenantsAffected,
        @JsonPropertyDescription("Requests served by the revision.") Long requests,
        @JsonPropertyDescription("Bad requests served by the revision.") Long badRequests,
        @Size(max = 20)
        @JsonPropertyDescription("The most affected tenants, worst first.") List<TenantImpact> top) {
}
