package dev.bulkhead.operator.segmentation;

import dev.bulkhead.api.v1alpha1.Condition;
import dev.bulkhead.api.v1alpha1.ConditionStatus;
import dev.bulkhead.api.v1alpha1.ConfigMapKeyReference;
import dev.bulkhead.api.v1alpha1.SegmentDefinition;
import dev.bulkhead.api.v1alpha1.Segmentation;
import dev.bulkhead.api.v1alpha1.SegmentationStatus;
import dev.bulkhead.engine.plan.PlanResult;
import dev.bulkhead.engine.plan.Planner;
import dev.bulkhead.engine.plan.Problem;
import dev.bulkhead.engine.plan.ReleaseSpec;
import dev.bulkhead.operator.status.Conditions;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Keeps a Segmentation's status true: its tenant lists resolve (ConfigMaps included), no tenant sits in two
 * segments, and the per-segment tenant counts. Rollouts read the same resolution, so a Segmentation that is not
 * Ready stops their exposure from growing.
 */
@ControllerConfiguration(name = "segmentation")
public class SegmentationReconciler implements Reconciler<Segmentation> {

    static final String CONFIG_MAP_INDEX = "configmaps";

    private final Clock clock;

    public SegmentationReconciler(Clock clock) {
        this.clock = clock;
    }

    @Override
    public List<EventSource<?, Segmentation>> prepareEventSources(EventSourceContext<Segmentation> context) {
        context.getPrimaryCache().addIndexer(CONFIG_MAP_INDEX, SegmentationReconciler::referencedConfigMaps);
        var configMaps = InformerEventSourceConfiguration.from(ConfigMap.class, Segmentation.class)
                .withNamespacesInheritedFromController()
                .withSecondaryToPrimaryMapper(cm -> context.getPrimaryCache()
                        .byIndex(CONFIG_MAP_INDEX, cm.getMetadata().getNamespace() + "/" + cm.getMetadata().getName())
                        .stream().map(ResourceID::fromResource).collect(Collectors.toSet()))
                .build();
        return List.of(new InformerEventSource<>(configMaps, context));
    }

    @Override
    public UpdateControl<Segmentation> reconcile(Segmentation segmentation, Context<Segmentation> context) {
        SegmentationStatus status = statusOf(segmentation, configMapReader(segmentation, context));
        if (Objects.equals(status, segmentation.getStatus())) {
            return UpdateControl.noUpdate();
        }
        Segmentation patch = new Segmentation();
        patch.setMetadata(segmentation.getMetadata());
        patch.setStatus(status);
        return UpdateControl.patchStatus(patch);
    }

    /** The status for a Segmentation whose ConfigMap values come from {@code configMapValue}. Pure. */
    SegmentationStatus statusOf(Segmentation segmentation,
            java.util.function.Function<ConfigMapKeyReference, Optional<String>> configMapValue) {
        long generation = Optional.ofNullable(segmentation.getMetadata().getGeneration()).orElse(0L);
        SegmentationStatus previous = segmentation.getStatus();
        List<Condition> existing = previous == null ? List.of() : previous.conditions();

        TenantLists.Resolved resolved = TenantLists.resolve(segmentation.getSpec(), configMapValue);
        List<String> problems = new ArrayList<>(resolved.problems());
        if (resolved.ok()) {
            PlanResult check = Planner.plan("segmentation-check", ReleaseSpec.defaults(), resolved.spec(), List.of());
            check.problems().stream().filter(p -> Problem.SEGMENTATION.equals(p.resource()))
                    .map(p -> p.path() + ": " + p.message()).forEach(problems::add);
        }

        Condition ready = problems.isEmpty()
                ? Conditions.of("Ready", ConditionStatus.TRUE, SegmentationReasons.RESOLVED,
                        resolved.spec().segments().size() + " segments resolved", generation, clock.instant())
                : Conditions.of("Ready", ConditionStatus.FALSE, SegmentationReasons.INVALID,
                        String.join("; ", problems), generation, clock.instant());
        List<Condition> conditions = Conditions.merge(existing, List.of(ready));

        List<SegmentationStatus.SegmentTenantCount> counts = new ArrayList<>();
        Set<String> distinct = new HashSet<>();
        for (var segment : resolved.spec().segments()) {
            boolean isDefault = Boolean.TRUE.equals(segment.isDefault());
            counts.add(new SegmentationStatus.SegmentTenantCount(segment.name(),
                    isDefault ? null : segment.tenants().size(), isDefault ? true : null));
            distinct.addAll(segment.tenants());
        }
        return new SegmentationStatus(generation, problems.isEmpty() ? "Ready" : "Invalid", conditions,
                segmentation.getSpec().segments().size(), distinct.size(), counts);
    }

    private static java.util.function.Function<ConfigMapKeyReference, Optional<String>> configMapReader(
            Segmentation segmentation, Context<Segmentation> context) {
        String namespace = segmentation.getMetadata().getNamespace();
        @SuppressWarnings("unchecked")
        InformerEventSource<ConfigMap, Segmentation> configMaps = (InformerEventSource<ConfigMap, Segmentation>)
                context.eventSourceRetriever().getEventSourceFor(ConfigMap.class);
        return ref -> configMaps.get(new ResourceID(ref.name(), namespace))
                .map(ConfigMap::getData).map(data -> data.get(ref.key()));
    }

    private static List<String> referencedConfigMaps(Segmentation segmentation) {
        if (segmentation.getSpec() == null || segmentation.getSpec().segments() == null) {
            return List.of();
        }
        return segmentation.getSpec().segments().stream()
                .map(SegmentDefinition::tenantsFrom).filter(Objects::nonNull)
                .map(source -> segmentation.getMetadata().getNamespace() + "/" + source.configMapRef().name())
                .distinct().toList();
    }
}
