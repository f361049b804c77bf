package dev.bulkhead.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * A multi-window burn-rate pair (Google SRE workbook, "Alerting on SLOs"): the alert holds while both the long
 * and the short window burn the budget faster than {@code factor}; the short window lets it reset quickly.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "self.factor > 0.0", message = "factor must be positive", reason = "FieldValueInvalid",
        fieldPath = ".factor")
public record BurnRateWindow(
        @Required @Pattern(ApiPatterns.DURATION)
        @JsonProperty("long") @JsonPropertyDescription("Long window, e.g. 1h.")
        String longWindow,
        @Required @Pattern(ApiPatterns.DURATION)
        @JsonProperty("short") @JsonPropertyDescription("Short window, usually 1/12 of the long one, e.g. 5m.")
        String shortWindow,
        @Required
        @JsonPropertyDescription("Burn-rate threshold: 1 spends exactly the budget over the SLO window; 14.4 spends 2% of 30 days in 1 hour.")
        Double factor,
        @Default("page")
        @JsonPropertyDescription("page or ticket.")
        Severity severity) {

    /** How urgently a burning window needs a human. */
    public enum Severity {
        @JsonProperty("page") PAGE,
        @JsonProperty("ticket") TICKET
    }
}
