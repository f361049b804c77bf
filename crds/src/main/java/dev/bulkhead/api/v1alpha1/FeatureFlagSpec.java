package dev.bulkhead.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** Desired state of a {@link FeatureFlag}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!has(self.segments) || has(self.segmentationRef)",
        message = "segments need a segmentationRef", reason = "FieldValueRequired", fieldPath = ".segmentationRef")
@ValidationRule(value = "!has(self.segments) || self.segments.all(s, self.segments.exists_one(t, t.name == s.name))",
        message = "a segment appears at most once", reason = "FieldValueInvalid", fieldPath = ".segments")
public record FeatureFlagSpec(
        @Required
        @JsonPropertyDescription("Where the flag lives in Unleash.")
        ReleaseMethod.FlagRelease unleash,
        @Size(max = 1000)
        @JsonPropertyDescription("Flag description, copied to Unleash.")
        String description,
        @Default("false")
        @JsonPropertyDescription("Master switch: when false the flag is off in the environment for everyone.")
        Boolean enabled,
        @JsonPropertyDescription("The Segmentation that defines segments and the tenant key.")
        ObjectReference segmentationRef,
        @Size(max = 1000)
        @JsonPropertyDescription("Tenants for whom the flag is on regardless of segment.")
        List<String> tenants,
        @Size(max = 32)
        @JsonPropertyDescription("Per-segment exposure: the flag is on for this percent of each segment's tenants.")
        List<SegmentExposure> segments) {

    /** The flag is on for {@code percent} of this segment's tenants. */
    public record SegmentExposure(
            @Required @Size(min = 1, max = 63) @Pattern(ApiPatterns.DNS_LABEL)
            @JsonPropertyDescription("Segment name, as defined in the Segmentation.")
            String name,
            @Required @Min(0) @Max(100)
            @JsonPropertyDescription("Percent of the segment's tenants, 0 to 100.")
            Integer percent) {
    }
}
