package dev.bulkhead.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** Desired state of a {@link Rollout}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RolloutSpec(
        @Required
        @JsonPropertyDescription("The Segmentation that defines the tenants and the order of the segments.")
        ObjectReference segmentationRef,
        @Required
        @JsonPropertyDescription("The workload whose new revisions are released: a pod template owned by the Rollout, or an existing Deployment.")
        WorkloadSpec workload,
        @JsonPropertyDescription("How the canary (the new revision beside stable) is scaled.")
        CanarySpec canary,
        @Required
        @JsonPropertyDescription("How tenants are exposed to the new revision: a traffic route or a feature flag.")
        ReleaseMethod release,
        @JsonPropertyDescription("The release plan: segments in order and the steps inside each. Default: every segment of "
                + "the Segmentation in its order, 5% then 25% then 100% of its tenants, 10 minutes each.")
        ReleasePlan plan,
        @Required
        @JsonPropertyDescription("How every exposed segment is judged: SLOs, interval, sample sizes, error rates.")
        AnalysisSpec analysis,
        @JsonPropertyDescription("What a failing, inconclusive or silent analysis does. Automatic rollback by default.")
        RollbackPolicy rollback,
        @Default("24h") @Pattern(ApiPatterns.DURATION)
        @JsonPropertyDescription("Returning to a revision that was fully released within this window skips the steps.")
        String fastRollbackWindow,
        @Default("10m") @Pattern(ApiPatterns.DURATION)
        @JsonPropertyDescription("After promotion, analysis keeps running this long and can still roll back.")
        String postReleaseBake) {
}
