package dev.bulkhead.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * One service-level indicator: a proportion of bad events among all events, given as counter selectors
 * ({@code events}), a latency histogram and a threshold bucket ({@code latency}), or raw PromQL ({@code raw}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "(has(self.events) ? 1 : 0) + (has(self.latency) ? 1 : 0) + (has(self.raw) ? 1 : 0) == 1",
        message = "an indicator takes exactly one of events, latency or raw", reason = "FieldValueInvalid")
@ValidationRule(value = "self.objective > 0.0 && self.objective < 100.0",
        message = "objective must be a percentage strictly between 0 and 100", reason = "FieldValueInvalid",
        fieldPath = ".objective")
public record Indicator(
        @Required @Size(min = 1, max = 63) @Pattern(ApiPatterns.DNS_LABEL)
        @JsonPropertyDescription("Indicator name, unique within the SLO (e.g. availability, latency).")
        String name,
        @Required
        @JsonPropertyDescription("Objective: the percentage of events that must be good over the window, e.g. 99.9.")
        Double objective,
        @JsonPropertyDescription("Bad and total events as counter selectors.")
        EventsIndicator events,
        @JsonPropertyDescription("Latency as a histogram: requests slower than the bucket `le` are bad.")
        LatencyIndicator latency,
        @JsonPropertyDescription("Raw PromQL for bad and total events, grouped by the tenant and version labels.")
        RawIndicator raw) {

    /** Bad and total events as counter selectors; Bulkhead sums their increase by tenant and version. */
    public record EventsIndicator(
            @Required @Size(min = 1, max = 4096)
            @JsonPropertyDescription("Counter selector of bad events, e.g. http_requests_total{job=\"checkout\",code=~\"5..\"}.")
            String bad,
            @Required @Size(min = 1, max = 4096)
            @JsonPropertyDescription("Counter selector of all events, e.g. http_requests_total{job=\"checkout\"}.")
            String total) {
    }

    /** A latency histogram and the bucket that separates good from bad requests. */
    public record LatencyIndicator(
            @Required @Size(min = 1, max = 4096) @Pattern(".*_bucket(\\{.*\\})?$")
            @JsonPropertyDescription("Selector of the histogram's _bucket series; its _count series counts all requests.")
            String histogram,
            @Required @Size(min = 1, max = 32) @Pattern("^([0-9]*\\.)?[0-9]+([eE][-+]?[0-9]+)?$")
            @JsonPropertyDescription("Threshold in the histogram's unit; must equal one of its bucket boundaries (the `le` label).")
            String le) {
    }

    /** Raw PromQL; each must group by the tenant and version labels and contain the {{.window}} placeholder. */
    @ValidationRule(value = "self.bad.contains('{{.window}}') && self.total.contains('{{.window}}')",
            message = "raw queries must contain the {{.window}} placeholder", reason = "FieldValueInvalid")
    public record RawIndicator(
            @Required @Size(min = 1, max = 8192)
            @JsonPropertyDescription("PromQL giving bad events per tenant and version over {{.window}}.")
            String bad,
            @Required @Size(min = 1, max = 8192)
            @JsonPropertyDescription("PromQL giving all events per tenant and version over {{.window}}.")
            String total) {
    }
}
