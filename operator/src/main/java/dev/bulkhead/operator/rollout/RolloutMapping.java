package dev.bulkhead.operator.rollout;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulkhead.analysis.cli.ResourceFiles;
import dev.bulkhead.analysis.judge.JudgeConfig;
import dev.bulkhead.analysis.model.ServiceLevelObjective;
import dev.bulkhead.api.v1alpha1.ReleasePlan;
import dev.bulkhead.api.v1alpha1.Rollout;
import dev.bulkhead.api.v1alpha1.RollbackPolicy;
import dev.bulkhead.api.v1alpha1.RolloutSpec;
import dev.bulkhead.api.v1alpha1.SegmentPlan;
import dev.bulkhead.operator.slo.SloMapping;
import dev.bulkhead.api.v1alpha1.Step;
import dev.bulkhead.engine.plan.ReleaseSpec;
import dev.bulkhead.engine.plan.SegmentationSpec;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Maps the Rollout resource into the engine's and the analysis' models. Pure. */
public final class RolloutMapping {

    private RolloutMapping() {
    }

    /** The tenant group id of a rollout: one per rollout, shared by its routes and flags, so both expose the same tenants. */
    public static String groupId(Rollout rollout) {
        return rollout.getMetadata().getNamespace() + "/" + rollout.getMetadata().getName();
    }

    /**
     * The engine's release spec: the plan's segments in their order, each with its own steps or the plan's default
     * steps, then the segments the plan does not name, in the Segmentation's order, with the default steps (the
     * engine's 5% → 25% → 100% when the plan has none).
     */
    public static ReleaseSpec releaseSpec(RolloutSpec spec, SegmentationSpec segmentation) {
        ReleasePlan plan = spec.plan();
        List<ReleaseSpec.StepSpec> defaults = plan == null ? null : steps(plan.defaultSteps());
        Map<String, ReleaseSpec.SegmentSteps> ordered = new LinkedHashMap<>();
        if (plan != null && plan.segments() != null) {
            for (SegmentPlan s : plan.segments()) {
                ordered.putIfAbsent(s.name(), new ReleaseSpec.SegmentSteps(s.name(), s.steps() == null ? defaults : steps(s.steps())));
            }
        }
        for (var segment : segmentation.segments()) {
            ordered.putIfAbsent(segment.name(), new ReleaseSpec.SegmentSteps(segment.name(), defaults));
        }
        RollbackPolicy r = spec.rollback();
        ReleaseSpec.RollbackSpec rollback = r == null ? null : new ReleaseSpec.RollbackSpec(r.automatic(),
                word(r.scope()), r.keepEarlierSegments(), word(r.reaction()), word(r.onInconclusive()),
                r.inconclusiveLimit(), word(r.onNoData()), r.noDataLimit(), word(r.onAnalysisError()), r.consecutiveErrorLimit(),
                r.analysisOutageBudget());
        return new ReleaseSpec(List.copyOf(ordered.values()), rollback, spec.fastRollbackWindow(), spec.postReleaseBake());
    }

    private static List<ReleaseSpec.StepSpec> steps(List<Step> steps) {
        return steps == null ? null
                : steps.stream().map(s -> new ReleaseSpec.StepSpec(s.percent(), s.bake(), s.manualGate())).toList();
    }

    private static String word(Enum<?> value) {
        return value == null ? null : value.name().toLowerCase(Locale.ROOT);
    }

    /** The judge settings of {@code spec.analysis}, through the analysis module's own mapping. */
    public static ResourceFiles.RolloutAnalysis analysis(Rollout rollout) {
        return ResourceFiles.rolloutAnalysis(tree(rollout), source(rollout), JudgeConfig.defaults());
    }

    /**
     * The analysis model of an SLO resource, through the same mapping the SLO reconciler uses.
     *
     * @throws IllegalArgumentException naming every problem with its field, when the SLO does not map
     */
    public static ServiceLevelObjective slo(dev.bulkhead.api.v1alpha1.ServiceLevelObjective slo, String tenantLabel,
            SegmentationSpec tenants) {
        SloMapping.Mapped mapped = SloMapping.map(slo.getMetadata().getName(), slo.getSpec(), tenantLabel, tenants.segments());
        if (!mapped.ok()) {
            throw new IllegalArgumentException("ServiceLevelObjective " + slo.getMetadata().getName() + ": " + String.join("; ",
                    mapped.problems().stream().map(SloMapping.Problem::message).toList()));
        }
        return mapped.slo();
    }

    /** The analysis' segmentation: tenant → segment, with the default segment receiving unlisted tenants. */
    public static dev.bulkhead.analysis.model.Segmentation segmentation(SegmentationSpec resolved) {
        return new dev.bulkhead.analysis.model.Segmentation(resolved.segments().stream()
                .map(s -> new dev.bulkhead.analysis.model.Segmentation.Segment(s.name(),
                        Set.copyOf(s.tenants() == null ? List.of() : s.tenants()), Boolean.TRUE.equals(s.isDefault())))
                .toList());
    }

    private static JsonNode tree(Object resource) {
        return Serialization.jsonMapper().valueToTree(resource);
    }

    private static String source(Rollout rollout) {
        return "Rollout " + rollout.getMetadata().getName();
    }
}
