package dev.bulkhead.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** The steps of one segment. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!has(self.steps) || (self.steps.map(s, s.percent).isSorted() "
        + "&& self.steps.all(a, self.steps.exists_one(b, b.percent == a.percent)))",
        message = "step percents must strictly increase within a segment", reason = "FieldValueInvalid",
        fieldPath = ".steps")
@ValidationRule(value = "!has(self.steps) || self.steps[self.steps.size() - 1].percent == 100",
        message = "the last step of a segment must expose 100% of its tenants", reason = "FieldValueInvalid",
        fieldPath = ".steps")
public record SegmentPlan(
        @Required @Size(min = 1, max = 63) @Pattern(ApiPatterns.DNS_LABEL)
        @JsonPropertyDescription("Segment name, as defined in the Segmentation.")
        String name,
        @Size(min = 1, max = 20)
        @JsonPropertyDescription("Exposure steps, strictly increasing, ending at 100. Default: the plan's defaultSteps.")
        List<Step> steps) {
}
