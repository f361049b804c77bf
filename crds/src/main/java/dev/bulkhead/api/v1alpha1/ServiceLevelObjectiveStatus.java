package dev.bulkhead.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;
import java.util.Map;

/** Observed state of a {@link ServiceLevelObjective}: every segment's budget and burn rates. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ServiceLevelObjectiveStatus(
        @JsonPropertyDescription("The metadata.generation this status describes.")
        Long observedGeneration,
        @JsonPropertyDescription("Short summary: Healthy, Burning, Exhausted, NoData or Invalid.")
        String phase,
        @JsonPropertyDescription("Conditions following Kubernetes API conventions (Ready, Degraded).")
        List<Condition> conditions,
        @JsonPropertyDescription("When the budgets were last computed (RFC 3339).")
        String lastEvaluated,
        @JsonPropertyDescription("Comma-separated names of segments whose releases are frozen by an exhausted budget.")
        String frozenSegments,
        @JsonPropertyDescription("Per-segment budget and burn rates, in release order.")
        List<SegmentBudget> segments) {

    /** One segment's error budget across the SLO's indicators. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SegmentBudget(
            @JsonPropertyDescription("Segment name.") String name,
            @JsonPropertyDescription("Lowest remaining budget across indicators, in percent (negative when overspent).")
            Double budgetRemaining,
            @JsonPropertyDescription("True when the remaining budget is at or below spec.freezeBelowBudget: releases to this segment freeze.")
            Boolean exhausted,
            @JsonPropertyDescription("Per-indicator detail.")
            List<IndicatorBudget> indicators) {
    }

    /** One indicator's numbers for one segment. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record IndicatorBudget(
            @JsonPropertyDescription("Indicator name.") String name,
            @JsonPropertyDescription("Total events over the SLO window.") Double events,
            @JsonPropertyDescription("Bad events over the SLO window.") Double badEvents,
            @JsonPropertyDescription("Bad events / events over the SLO window.") Double errorRatio,
            @JsonPropertyDescription("Remaining error budget, in percent.") Double budgetRemaining,
            @JsonPropertyDescription("Burn rate per window (e.g. 5m, 1h), request-weighted.") Map<String, Double> burnRates,
            @JsonPropertyDescription("Names of the burn-rate pairs currently firing, as long/short.") List<String> firing) {
    }
}
