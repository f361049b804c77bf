package dev.bulkhead.operator.rollout;

import dev.bulkhead.analysis.cli.ResourceFiles;
import dev.bulkhead.api.v1alpha1.ObjectReference;
import dev.bulkhead.api.v1alpha1.Rollout;
import dev.bulkhead.api.v1alpha1.Segmentation;
import dev.bulkhead.api.v1alpha1.ServiceLevelObjective;
import dev.bulkhead.engine.plan.Plan;
import dev.bulkhead.engine.plan.PlanResult;
import dev.bulkhead.engine.plan.Planner;
import dev.bulkhead.engine.plan.SegmentationSpec;
import dev.bulkhead.operator.segmentation.TenantLists;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Everything a Rollout depends on, read and checked before the engine runs: the Segmentation (tenants resolved),
 * the SLOs, the plan and the judge settings. Any problem stops the rollout from exposing anyone further and is
 * reported with a reason and the field path.
 */
public record RolloutInputs(Segmentation segmentation, SegmentationSpec tenants, Plan plan,
        List<ServiceLevelObjective> slos, ResourceFiles.RolloutAnalysis analysis) {

    /** A problem that stops the rollout: a condition reason and a sentence with the field path. */
    public record Problem(String reason, String message) {
    }

    /** The inputs, or the problems that stopped them. */
    public record Result(RolloutInputs inputs, List<Problem> problems) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    /**
     * @param segmentations Segmentations by name in the rollout's namespace (from the informer cache)
     * @param slos          SLOs by name in the rollout's namespace (from the informer cache)
     */
    public static Result read(Rollout rollout, Function<String, Optional<Segmentation>> segmentations,
            Function<String, Optional<ServiceLevelObjective>> slos, KubernetesClient client) {
        List<Problem> problems = new ArrayList<>();
        var spec = rollout.getSpec();
        String segmentationName = spec.segmentationRef().name();
        Segmentation segmentation = segmentations.apply(segmentationName).orElse(null);
        if (segmentation == null) {
            problems.add(new Problem(RolloutConditionReasons.SEGMENTATION_NOT_FOUND,
                    "spec.segmentationRef: Segmentation " + segmentationName + " does not exist in namespace "
                            + rollout.getMetadata().getNamespace()));
        }
        List<ServiceLevelObjective> found = new ArrayList<>();
        for (int i = 0; i < spec.analysis().sloRefs().size(); i++) {
            ObjectReference ref = spec.analysis().sloRefs().get(i);
            Optional<ServiceLevelObjective> slo = slos.apply(ref.name());
            if (slo.isEmpty()) {
                problems.add(new Problem(RolloutConditionReasons.SLO_NOT_FOUND, "spec.analysis.sloRefs[" + i
                        + "]: ServiceLevelObjective " + ref.name() + " does not exist"));
            } else {
                found.add(slo.get());
            }
        }
        if (spec.release().route() != null && spec.workload().template() == null) {
            problems.add(new Problem(RolloutConditionReasons.UNSUPPORTED, "spec.workload: a release by route needs "
                    + "spec.workload.template (Bulkhead runs the stable and canary Deployments); adopt an existing "
                    + "Deployment with a release by flag instead"));
        }
        if (segmentation == null || !problems.isEmpty()) {
            return new Result(null, problems);
        }
        String namespace = rollout.getMetadata().getNamespace();
        TenantLists.Resolved resolved = TenantLists.resolve(segmentation.getSpec(), ref -> Optional
                .ofNullable(client.configMaps().inNamespace(namespace).withName(ref.name()).get())
                .map(ConfigMap::getData).map(d -> d.get(ref.key())));
        if (!resolved.ok()) {
            resolved.problems().forEach(p -> problems.add(new Problem(RolloutConditionReasons.SEGMENTATION_INVALID,
                    "Segmentation " + segmentationName + " " + p)));
            return new Result(null, problems);
        }
        PlanResult plan = Planner.plan(RolloutMapping.groupId(rollout),
                RolloutMapping.releaseSpec(spec, resolved.spec()), resolved.spec(), List.of());
        plan.problems().forEach(p -> problems.add(new Problem(
                p.resource().equals(dev.bulkhead.engine.plan.Problem.SEGMENTATION)
                        ? RolloutConditionReasons.SEGMENTATION_INVALID : RolloutConditionReasons.INVALID_SPEC,
                p.resource() + " " + p.path() + ": " + p.message())));
        if (spec.release().route() != null && plan.plan().isPresent()) {
            for (var segment : plan.plan().get().segments()) {
                if (segment.isDefault() && segment.steps().stream().anyMatch(step -> step.percent() < 100)) {
                    problems.add(new Problem(RolloutConditionReasons.INVALID_SPEC, "spec.plan.segments: the default segment '"
                            + segment.name() + "' is released by route at less than 100%, but a route can only name "
                            + "tenants and the default segment's are not listed; give it the single step [{percent: 100}] "
                            + "or release by flag (Unleash buckets unlisted tenants too)"));
                }
            }
        }
        ResourceFiles.RolloutAnalysis analysis = null;
        String tenantLabel = Optional.ofNullable(segmentation.getSpec().tenantLabel()).orElse("tenant");
        try {
            analysis = RolloutMapping.analysis(rollout);
            found.forEach(slo -> RolloutMapping.slo(slo, tenantLabel, resolved.spec()));
        } catch (IllegalArgumentException e) {
            problems.add(new Problem(RolloutConditionReasons.INVALID_SPEC, e.getMessage()));
        }
        if (!problems.isEmpty()) {
            return new Result(null, problems);
        }
        return new Result(new RolloutInputs(segmentation, resolved.spec(), plan.plan().orElseThrow(), found, analysis),
                List.of());
    }

    public String tenantKey() {
        return Optional.ofNullable(segmentation.getSpec().tenantKey()).orElse("tenantId");
    }

    public String tenantHeader() {
        return Optional.ofNullable(segmentation.getSpec().tenantHeader()).orElse("X-Tenant-Id");
    }

    public String tenantLabel() {
        return Optional.ofNullable(segmentation.getSpec().tenantLabel()).orElse("tenant");
    }
}
