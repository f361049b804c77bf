package dev.bulkhead.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** One segment: a named ring of tenants, given explicitly, from a ConfigMap, or as everyone not listed elsewhere. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "(has(self.tenants) ? 1 : 0) + (has(self.tenantsFrom) ? 1 : 0) + ((has(self.default) && self.default) ? 1 : 0) == 1",
        message = "a segment takes exactly one of tenants, tenantsFrom or default: true", reason = "FieldValueInvalid")
public record SegmentDefinition(
        @Required @Size(min = 1, max = 63) @Pattern(ApiPatterns.DNS_LABEL)
        @JsonPropertyDescription("Segment name (a DNS label), unique within the Segmentation.")
        String name,
        @Size(max = 10000)
        @JsonPropertyDescription("Tenant keys of this segment. Larger lists belong in a ConfigMap (tenantsFrom).")
        List<String> tenants,
        @JsonPropertyDescription("Reads this segment's tenants from a ConfigMap key (tenant keys separated by newlines or commas).")
        TenantSource tenantsFrom,
        @JsonProperty("default")
        @JsonPropertyDescription("When true, this segment receives every tenant not listed in another segment. At most one segment.")
        Boolean isDefault) {

    /** True when this segment receives every tenant not listed elsewhere. */
    public boolean receivesUnlistedTenants() {
        return Boolean.TRUE.equals(isDefault);
    }
}
