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

/** Desired state of a {@link ServiceLevelObjective}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "self.indicators.all(i, self.indicators.exists_one(j, j.name == i.name))",
        message = "indicator names must be unique", reason = "FieldValueInvalid", fieldPath = ".indicators")
public record ServiceLevelObjectiveSpec(
        @Required
        @JsonPropertyDescription("The Segmentation whose segments this SLO is tracked per.")
        ObjectReference segmentationRef,
        @Default("30d") @Pattern(ApiPatterns.DURATION)
        @JsonPropertyDescription("The SLO window over which the error budget is counted, e.g. 30d or 28d.")
        String window,
        @Default("version") @Pattern(ApiPatterns.LABEL_NAME) @Size(max = 63)
        @JsonPropertyDescription("Metric label that tells the canary's traffic from stable's (a revision, or a flag variant).")
        String versionLabel,
        @Required @Size(min = 1, max = 16)
        @JsonPropertyDescription("The indicators; each is a proportion of bad events among all events, with its own objective.")
        List<Indicator> indicators,
        @Size(max = 8)
        @JsonPropertyDescription("Multi-window burn-rate alert pairs. Default: the Google SRE workbook pairs scaled to the window "
                + "(1h/5m at 14.4x and 6h/30m at 6x page, 3d/6h at 1x ticket, for 30 days).")
        List<BurnRateWindow> burnRateWindows,
        @Default("0") @Min(0) @Max(100)
        @JsonPropertyDescription("Percent of error budget remaining at or below which releases to a segment freeze.")
        Double freezeBelowBudget) {
}
