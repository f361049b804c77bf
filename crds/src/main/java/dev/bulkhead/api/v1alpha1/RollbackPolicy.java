package dev.bulkhead.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;

/**
 * What the analysis' outcomes do. Fail rolls back automatically by default; inconclusive and no-data hold the
 * step and, past their limits, pause for a human; analysis errors (missing evidence) hold the rollout and, past the
 * outage budget, pause it or withdraw only the step in progress.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RollbackPolicy(
        @Default("true")
        @JsonPropertyDescription("Roll back automatically on a failing verdict. When false, a failing verdict pauses for a human.")
        Boolean automatic,
        @Default("segment")
        @JsonPropertyDescription("segment: roll back the failing segment; all: roll back every segment.")
        Scope scope,
        @Default("true")
        @JsonPropertyDescription("With scope segment: segments released before the failing one keep the new revision.")
        Boolean keepEarlierSegments,
        @Default("rollback")
        @JsonPropertyDescription("rollback: return exposed tenants to stable; freeze: for irreversible releases, stop exposure and alert, keeping what is exposed.")
        Reaction reaction,
        @Default("pause")
        @JsonPropertyDescription("What inconclusive verdicts do after inconclusiveLimit intervals in a row past the step's bake: pause or rollback.")
        HoldOutcome onInconclusive,
        @Default("10") @Min(1) @Max(1000)
        @JsonPropertyDescription("Inconclusive intervals in a row that hold a step after its bake before onInconclusive applies (looks during the bake, and looks of segments that passed every step, do not count).")
        Integer inconclusiveLimit,
        @Default("pause")
        @JsonPropertyDescription("What no-data verdicts do after noDataLimit intervals in a row past the step's bake: pause or rollback.")
        HoldOutcome onNoData,
        @Default("10") @Min(1) @Max(1000)
        @JsonPropertyDescription("No-data intervals in a row that hold a step after its bake before onNoData applies (looks during the bake, and looks of segments that passed every step, do not count).")
        Integer noDataLimit,
        @Default("4") @Min(1) @Max(1000)
        @JsonPropertyDescription("Analysis errors in a row (metric source unreachable, query rejected, stale or partial data) that must be exceeded, together with analysisOutageBudget, before onAnalysisError applies. Until then an error only holds the rollout.")
        Integer consecutiveErrorLimit,
        @Default("pause")
        @JsonPropertyDescription("What analysis errors do once they have lasted analysisOutageBudget and more than consecutiveErrorLimit looks: pause (keep every exposure, wait for a human) or rollback (withdraw only the step in progress; segments already released keep the revision). Before that, errors hold the rollout: no new exposure, no promotion, nothing pulled back. Missing evidence is never evidence of harm.")
        HoldOutcome onAnalysisError,
        @Default("30m")
        @Pattern(ApiPatterns.DURATION)
        @JsonPropertyDescription("How long analysis errors (a Prometheus outage) may last before onAnalysisError applies to the step in progress, e.g. 30m or 1h. While they last the rollout holds with the Degraded condition (reason AnalysisFailing) and a Warning Event AnalysisUnavailable.")
        String analysisOutageBudget) {

    /** How much a failing verdict rolls back. */
    public enum Scope {
        @JsonProperty("segment") SEGMENT,
        @JsonProperty("all") ALL
    }

    /** Rolling back, or freezing a release that cannot be reversed. */
    public enum Reaction {
        @JsonProperty("rollback") ROLLBACK,
        @JsonProperty("freeze") FREEZE
    }

    /** What a step held too long by inconclusive or missing data does. */
    public enum HoldOutcome {
        @JsonProperty("pause") PAUSE,
        @JsonProperty("rollback") ROLLBACK
    }
}
