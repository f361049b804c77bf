package dev.bulkhead.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;

/** The workload a Rollout releases: a pod template it owns, or an existing Deployment it adopts. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "has(self.template) != has(self.deploymentRef)",
        message = "a workload takes exactly one of template or deploymentRef", reason = "FieldValueInvalid")
public record WorkloadSpec(
        @JsonPropertyDescription("Pod template of the workload. A change to it is a new revision.")
        PodTemplateSpec template,
        @JsonPropertyDescription("An existing Deployment to adopt; its pod template changes become new revisions.")
        ObjectReference deploymentRef,
        @Default("1") @Min(0) @Max(10000)
        @JsonPropertyDescription("Replicas of the stable revision (ignored with deploymentRef, which keeps its own).")
        Integer replicas) {
}
