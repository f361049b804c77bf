package dev.bulkhead.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** Observed state of a {@link Segmentation}: whether it resolves, and how many tenants each segment holds. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SegmentationStatus(
        @JsonPropertyDescription("The metadata.generation this status describes.")
        Long observedGeneration,
        @JsonPropertyDescription("Short summary for printer columns: Ready or Invalid.")
        String phase,
        @JsonPropertyDescription("Conditions following Kubernetes API conventions (Ready).")
        List<Condition> conditions,
        @JsonPropertyDescription("Number of segments.")
        Integer segmentCount,
        @JsonPropertyDescription("Number of distinct tenants listed across all segments (the default segment counts none).")
        Integer tenantCount,
        @JsonPropertyDescription("Per-segment tenant counts, in release order.")
        List<SegmentTenantCount> segments) {

    /** How many tenants one segment resolved to. */
    public record SegmentTenantCount(
            @JsonPropertyDescription("Segment name.") String name,
            @JsonPropertyDescription("Tenants listed for the segment; absent for the default segment.") Integer tenants,
            @JsonPropertyDescription("True for the segment that receives unlisted tenants.") Boolean isDefault) {
    }
}
