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

/** How each exposed segment is judged, canary against stable, every interval. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "self.falseRollbackRate > 0.0 && self.falseRollbackRate < 0.5",
        message = "falseRollbackRate must be in (0, 0.5)", reason = "FieldValueInvalid", fieldPath = ".falseRollbackRate")
public record AnalysisSpec(
        @Required @Size(min = 1, max = 8)
        @JsonPropertyDescription("The ServiceLevelObjectives whose indicators judge every segment.")
        List<ObjectReference> sloRefs,
        @Default("1m") @Pattern(ApiPatterns.DURATION)
        @JsonPropertyDescription("How often the analysis runs.")
        String interval,
        @Default("200") @Min(1)
        @JsonPropertyDescription("Canary events in a segment (and, without tenant histories, stable events) before any verdict other than no-data; a canary tenant needs a quarter of it before its own test can fail the segment.")
        Integer minSamples,
        @Default("0.01")
        @JsonPropertyDescription("Probability of rolling back a good revision, for the whole rollout; split across segments and every indicator of every SLO, each share halved between the segment's test and its canary tenants' tests, a quarter of a segment test's half paying for the confidence bounds of the tenants' histories.")
        Double falseRollbackRate,
        @JsonPropertyDescription("The smallest regression worth rolling back, for a segment's canary rate and for each canary tenant's rate, each against the rate its tenants' own histories predict; smaller differences pass.")
        MinRegression minRegression,
        @Default("true")
        @JsonPropertyDescription("Whether each canary tenant also has its own test against its own history, so that a regression confined to a few tenants fails the segment (TenantRegression); the segment's test then gets half of its false-rollback share.")
        Boolean tenantTests,
        @Default("24h") @Pattern(ApiPatterns.DURATION)
        @JsonPropertyDescription("The window before the rollout whose traffic gives each tenant its normal error rate: every canary tenant is judged against its own history, with the stable tenants as the control for what changed since. One query per indicator at the rollout's start; Prometheus must keep this much. Tenants with fewer than 200 events in it are held to the segment's highest normal rate.")
        String historyWindow,
        @Size(max = 253)
        @JsonPropertyDescription("Value of the SLO's version label on canary traffic. Default: the canary revision for routes, \"enabled\" for flags.")
        String canaryVersion,
        @Size(max = 253)
        @JsonPropertyDescription("Value of the SLO's version label on stable traffic. Default: the stable revision for routes, \"disabled\" for flags.")
        String stableVersion) {

    /** The smallest regression worth rolling back, absolute and relative; a regression must exceed both. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record MinRegression(
            @Default("0.5") @Min(0) @Max(100)
            @JsonPropertyDescription("Percentage points of bad events above stable, e.g. 0.5.")
            Double absolute,
            @Default("1.5") @Min(1)
            @JsonPropertyDescription("Ratio of canary's bad-event rate to stable's, e.g. 1.5.")
            Double relative) {
    }
}
