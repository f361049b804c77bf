package dev.bulkhead.operator.featureflag;

import dev.bulkhead.api.v1alpha1.ConfigMapKeyReference;
import dev.bulkhead.api.v1alpha1.FeatureFlag;
import dev.bulkhead.api.v1alpha1.FeatureFlagSpec;
import dev.bulkhead.api.v1alpha1.FeatureFlagSpec.SegmentExposure;
import dev.bulkhead.api.v1alpha1.Segmentation;
import dev.bulkhead.engine.plan.SegmentationSpec.SegmentSpec;
import dev.bulkhead.operator.release.flag.FlagLocation;
import dev.bulkhead.operator.release.flag.FlagState;
import dev.bulkhead.operator.release.flag.FlagStrategy;
import dev.bulkhead.operator.segmentation.TenantLists;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * What a FeatureFlag asks of Unleash, computed from its spec and its Segmentation. Pure.
 *
 * <p>The group id of every strategy is the feature name: Unleash hashes {@code groupId:tenant}, so the tenants a
 * FeatureFlag exposes at a percent are exactly those the engine's {@code TenantBucket} puts at or below that percent
 * for the same group id.
 */
public final class DesiredFlag {

    /** The Segmentation default for {@code spec.tenantKey}, used when the flag names no Segmentation. */
    static final String DEFAULT_TENANT_KEY = "tenantId";

    /** The outcome of the mapping: a state to write, or why there is none. */
    public sealed interface Result permits Desired, Invalid {
    }

    /**
     * @param location    where the flag lives
     * @param description the description written when the feature is created
     * @param state       the switch and Bulkhead's strategies
     */
    public record Desired(FlagLocation location, String description, FlagState state) implements Result {
    }

    /**
     * @param reason  a CamelCase reason from {@link FeatureFlagReasons}
     * @param message starts with the field path, then says what to do
     */
    public record Invalid(String reason, String message) implements Result {
    }

    private DesiredFlag() {
    }

    /**
     * @param segmentation   the Segmentation {@code spec.segmentationRef} names, empty when it does not exist (or none
     *                       is named)
     * @param configMapValue a ConfigMap key's value in the flag's namespace, empty when absent
     */
    public static Result of(FeatureFlag flag, Optional<Segmentation> segmentation,
            Function<ConfigMapKeyReference, Optional<String>> configMapValue) {
        FeatureFlagSpec spec = flag.getSpec();
        FlagLocation location = FlagLocation.of(spec.unleash());
        String groupId = location.feature();
        List<SegmentExposure> exposures = spec.segments() == null ? List.of() : spec.segments();

        String tenantKey = DEFAULT_TENANT_KEY;
        List<SegmentSpec> segments = List.of();
        if (spec.segmentationRef() == null) {
            if (!exposures.isEmpty()) {
                return new Invalid(FeatureFlagReasons.SEGMENTATION_REQUIRED, "spec.segmentationRef: spec.segments "
                        + "needs a Segmentation that defines the segments; name one or remove spec.segments");
            }
        } else {
            String name = spec.segmentationRef().name();
            if (segmentation.isEmpty()) {
                return new Invalid(FeatureFlagReasons.SEGMENTATION_NOT_FOUND, "spec.segmentationRef.name: Segmentation '"
                        + name + "' does not exist in namespace " + flag.getMetadata().getNamespace()
                        + "; create it or fix the name");
            }
            TenantLists.Resolved resolved = TenantLists.resolve(segmentation.get().getSpec(), configMapValue);
            if (!resolved.ok()) {
                return new Invalid(FeatureFlagReasons.SEGMENTATION_INVALID, "spec.segmentationRef.name: Segmentation '"
                        + name + "' does not resolve: " + String.join("; ", resolved.problems()));
            }
            segments = resolved.spec().segments();
            if (segmentation.get().getSpec().tenantKey() != null) {
                tenantKey = segmentation.get().getSpec().tenantKey();
            }
        }

        List<FlagStrategy> strategies = new ArrayList<>();
        if (spec.tenants() != null && !spec.tenants().isEmpty()) {
            strategies.add(FlagStrategy.forTenants(spec.tenants(), tenantKey, groupId));
        }
        for (int i = 0; i < exposures.size(); i++) {
            SegmentExposure exposure = exposures.get(i);
            Optional<SegmentSpec> segment = find(segments, exposure.name());
            if (segment.isEmpty()) {
                return new Invalid(FeatureFlagReasons.UNKNOWN_SEGMENT, "spec.segments[" + i + "].name: segment '"
                        + exposure.name() + "' is not defined in Segmentation '" + spec.segmentationRef().name()
                        + "' (it has " + segments.stream().map(SegmentSpec::name).toList() + ")");
            }
            strategyFor(segment.get(), segments, percentOf(exposure), tenantKey, groupId).ifPresent(strategies::add);
        }
        return new Desired(location, spec.description(), new FlagState(Boolean.TRUE.equals(spec.enabled()), strategies));
    }

    /**
     * The strategy exposing {@code percent} of the segment, or none when it would expose nobody (0%, or a listed
     * segment without tenants: Unleash refuses a constraint with no values).
     */
    static Optional<FlagStrategy> strategyFor(SegmentSpec segment, List<SegmentSpec> all, int percent, String tenantKey,
            String groupId) {
        if (percent <= 0) {
            return Optional.empty();
        }
        if (Boolean.TRUE.equals(segment.isDefault())) {
            TreeSet<String> listedElsewhere = new TreeSet<>();
            all.stream().filter(s -> !Boolean.TRUE.equals(s.isDefault())).forEach(s -> listedElsewhere.addAll(s.tenants()));
            return Optional.of(FlagStrategy.forDefaultSegment(segment.name(), listedElsewhere, percent, tenantKey, groupId));
        }
        if (segment.tenants() == null || segment.tenants().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(FlagStrategy.forSegment(segment.name(), segment.tenants(), percent, tenantKey, groupId));
    }

    private static int percentOf(SegmentExposure exposure) {
        return exposure.percent() == null ? 0 : Math.max(0, Math.min(100, exposure.percent()));
    }

    private static Optional<SegmentSpec> find(List<SegmentSpec> segments, String name) {
        return segments.stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
