package dev.bulkhead.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** Desired state of a {@link Segmentation}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "self.segments.all(s, self.segments.exists_one(t, t.name == s.name))",
        message = "segment names must be unique", reason = "FieldValueInvalid", fieldPath = ".segments")
@ValidationRule(value = "self.segments.filter(s, has(s.default) && s.default).size() <= 1",
        message = "at most one segment may be the default segment", reason = "FieldValueInvalid", fieldPath = ".segments")
public record SegmentationSpec(
        @Default("tenantId") @Pattern("^[A-Za-z_][A-Za-z0-9_]*$") @Size(max = 63)
        @JsonPropertyDescription("Name of the Unleash context field that carries the tenant key; flag strategies use it as stickiness.")
        String tenantKey,
        @Default("X-Tenant-Id") @Pattern(ApiPatterns.HEADER_NAME) @Size(max = 63)
        @JsonPropertyDescription("HTTP request header that carries the tenant key; traffic routers match on it.")
        String tenantHeader,
        @Default("tenant") @Pattern(ApiPatterns.LABEL_NAME) @Size(max = 63)
        @JsonPropertyDescription("Metric label that carries the tenant key; SLI queries group by it.")
        String tenantLabel,
        @Required @Size(min = 1, max = 32)
        @JsonPropertyDescription("The segments in release order: the first is released first. A tenant belongs to at most one segment.")
        List<SegmentDefinition> segments) {
}
