package dev.bulkhead.operator.featureflag;

import dev.bulkhead.api.v1alpha1.ConfigMapKeyReference;
import dev.bulkhead.api.v1alpha1.FeatureFlag;
import dev.bulkhead.api.v1alpha1.SegmentDefinition;
import dev.bulkhead.api.v1alpha1.Segmentation;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The informers a FeatureFlag reads its Segmentation through: Segmentations, and the ConfigMaps their segments list
 * tenants in. An edit to either re-triggers exactly the flags that use it.
 */
final class SegmentationSources {

    private static final String SEGMENTATION_INDEX = "segmentation";

    private SegmentationSources() {
    }

    static List<EventSource<?, FeatureFlag>> prepare(EventSourceContext<FeatureFlag> context) {
        var primaries = context.getPrimaryCache();
        primaries.addIndexer(SEGMENTATION_INDEX, flag -> flag.getSpec() == null || flag.getSpec().segmentationRef() == null
                ? List.of()
                : List.of(flag.getMetadata().getNamespace() + "/" + flag.getSpec().segmentationRef().name()));
        Function<Segmentation, Set<ResourceID>> flagsOf = segmentation -> primaries
                .byIndex(SEGMENTATION_INDEX, segmentation.getMetadata().getNamespace() + "/"
                        + segmentation.getMetadata().getName())
                .stream().map(ResourceID::fromResource).collect(Collectors.toSet());
        var segmentations = new InformerEventSource<>(
                InformerEventSourceConfiguration.from(Segmentation.class, FeatureFlag.class)
                        .withNamespacesInheritedFromController()
                        .withSecondaryToPrimaryMapper(flagsOf::apply)
                        .build(), context);
        var configMaps = new InformerEventSource<>(
                InformerEventSourceConfiguration.from(ConfigMap.class, FeatureFlag.class)
                        .withNamespacesInheritedFromController()
                        .withSecondaryToPrimaryMapper(cm -> segmentations
                                .list(cm.getMetadata().getNamespace(), s -> readsConfigMap(s, cm.getMetadata().getName()))
                                .flatMap(s -> flagsOf.apply(s).stream()).collect(Collectors.toSet()))
                        .build(), context);
        return List.of(segmentations, configMaps);
    }

    /** The Segmentation the flag names, from the informer's cache; empty when none is named or it does not exist. */
    @SuppressWarnings("unchecked")
    static Optional<Segmentation> segmentationOf(FeatureFlag flag, Context<FeatureFlag> context) {
        if (flag.getSpec().segmentationRef() == null) {
            return Optional.empty();
        }
        var segmentations = (InformerEventSource<Segmentation, FeatureFlag>) context.eventSourceRetriever()
                .getEventSourceFor(Segmentation.class);
        return segmentations.get(new ResourceID(flag.getSpec().segmentationRef().name(),
                flag.getMetadata().getNamespace()));
    }

    /** A ConfigMap key's value in the flag's namespace, from the informer's cache. */
    @SuppressWarnings("unchecked")
    static Function<ConfigMapKeyReference, Optional<String>> configMapReader(FeatureFlag flag,
            Context<FeatureFlag> context) {
        var configMaps = (InformerEventSource<ConfigMap, FeatureFlag>) context.eventSourceRetriever()
                .getEventSourceFor(ConfigMap.class);
        String namespace = flag.getMetadata().getNamespace();
        return ref -> configMaps.get(new ResourceID(ref.name(), namespace))
                .map(ConfigMap::getData).map(data -> data.get(ref.key()));
    }

    private static boolean readsConfigMap(Segmentation segmentation, String configMap) {
        return segmentation.getSpec() != null && segmentation.getSpec().segments() != null
                && segmentation.getSpec().segments().stream().map(SegmentDefinition::tenantsFrom)
                        .filter(Objects::nonNull)
                        .anyMatch(source -> configMap.equals(source.configMapRef().name()));
    }
}
