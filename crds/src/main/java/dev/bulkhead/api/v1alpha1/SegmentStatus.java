package dev.bulkhead.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;
import java.util.Map;

/** One segment of a rollout: its exposure, its latest verdict with the numbers, its budget and who was hurt. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SegmentStatus(
        @JsonPropertyDescription("Segment name.")
        String name,
        @JsonPropertyDescription("Pending, Progressing, Released, RolledBack, Frozen or Paused.")
        String state,
        @JsonPropertyDescription("Index of the segment's current step, from 0.")
        Integer step,
        @JsonPropertyDescription("Percent of the segment's tenants the current step targets.")
        Integer exposedPercent,
        @JsonPropertyDescription("Tenants of the segment actually exposed (percent is a fraction of tenants, so small segments jump).")
        Integer exposedTenants,
        @JsonPropertyDescription("Tenants listed in the segment (absent for the default segment).")
        Integer tenants,
        @JsonPropertyDescription("Latest verdict: Pass, Fail, Inconclusive, NoData, Error or EnvironmentIncident.")
        String verdict,
        @JsonPropertyDescription("The verdict's numbers and reasoning in one sentence.")
        String verdictMessage,
        @JsonPropertyDescription("When the latest verdict was made (RFC 3339).")
        String lastAnalysis,
        @JsonPropertyDescription("Lowest remaining error budget across the rollout's SLOs and indicators, in percent (from the SLOs' status).")
        Double budgetRemaining,
        @JsonPropertyDescription("Burn rates by window of the segment's traffic, the highest across its SLOs' indicators (from the SLOs' status).")
        Map<String, Double> burnRates,
        @JsonPropertyDescription("Burn rate of the canary's own traffic in this segment since the revision's first look: its bad-event ratio over the SLO's error allowance, the highest across the rollout's SLO indicators (1 spends the budget exactly over the SLO window). Measured by the rollout's analysis, so a small canary cannot hide inside its segment's budget.")
        Double canaryBurnRate,
        @JsonPropertyDescription("Tenants that carry the regression, worst first.")
        List<TenantImpact> impactedTenants) {
}
