package dev.bulkhead.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/**
 * The order of segments and the steps inside each. Segments not named here are released last, in the
 * Segmentation's order, with {@code defaultSteps}; without {@code segments}, every segment gets the defaults.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!has(self.segments) || self.segments.all(s, self.segments.exists_one(t, t.name == s.name))",
        message = "a segment appears at most once in the plan", reason = "FieldValueInvalid", fieldPath = ".segments")
public record ReleasePlan(
        @Size(max = 32)
        @JsonPropertyDescription("Segments in release order, each a segment name of the Segmentation.")
        List<SegmentPlan> segments,
        @Size(min = 1, max = 20)
        @JsonPropertyDescription("Steps for segments that list none. Default: 5% then 25% then 100%, 10 minutes each.")
        List<Step> defaultSteps) {
}
