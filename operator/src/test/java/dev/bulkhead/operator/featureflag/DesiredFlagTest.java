package dev.bulkhead.operator.featureflag;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkhead.api.v1alpha1.ConfigMapKeyReference;
import dev.bulkhead.api.v1alpha1.FeatureFlag;
import dev.bulkhead.api.v1alpha1.FeatureFlagSpec;
import dev.bulkhead.api.v1alpha1.FeatureFlagSpec.SegmentExposure;
import dev.bulkhead.api.v1alpha1.ObjectReference;
import dev.bulkhead.api.v1alpha1.ReleaseMethod.FlagRelease;
import dev.bulkhead.api.v1alpha1.SegmentDefinition;
import dev.bulkhead.api.v1alpha1.Segmentation;
import dev.bulkhead.api.v1alpha1.SegmentationSpec;
import dev.bulkhead.api.v1alpha1.TenantSource;
import dev.bulkhead.operator.release.flag.FlagLocation;
import dev.bulkhead.operator.release.flag.FlagState;
import dev.bulkhead.operator.release.flag.FlagStrategy;
import dev.bulkhead.operator.release.flag.TenantConstraint;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class DesiredFlagTest {

    private static final Function<ConfigMapKeyReference, Optional<String>> NO_CONFIG_MAPS = ref -> Optional.empty();
    private static final Function<ConfigMapKeyReference, Optional<String>> CONFIG_MAPS = ref -> Optional.ofNullable(
            Map.of("paying/tenants", "acme\nhooli").get(ref.name() + "/" + ref.key()));

    private static final Segmentation TIERS = segmentation("accountId", List.of(
            new SegmentDefinition("internal", List.of("staff", "qa-bot"), null, null),
            new SegmentDefinition("free", List.of("f1", "f2", "f3"), null, null),
            new SegmentDefinition("paying", null, new TenantSource(new ConfigMapKeyReference("paying", "tenants")), null),
            new SegmentDefinition("empty", List.of(), null, null),
            new SegmentDefinition("rest", null, null, true)));

    @Test
    void mapsTenantsAndEachSegmentToAFlexibleRolloutGroupedByTheFeatureName() {
        FeatureFlag flag = flag(true, List.of("globex"), List.of(new SegmentExposure("internal", 100),
                new SegmentExposure("free", 10)));

        DesiredFlag.Desired desired = (DesiredFlag.Desired) DesiredFlag.of(flag, Optional.of(TIERS), CONFIG_MAPS);

        assertThat(desired.location()).isEqualTo(new FlagLocation("default", "development", "dark-mode"));
        assertThat(desired.description()).isEqualTo("Dark mode");
        assertThat(desired.state()).isEqualTo(new FlagState(true, List.of(
                new FlagStrategy(FlagStrategy.EXPLICIT_TENANTS, TenantConstraint.in("accountId", List.of("globex")), 100,
                        "accountId", "dark-mode"),
                new FlagStrategy("internal", TenantConstraint.in("accountId", List.of("staff", "qa-bot")), 100,
                        "accountId", "dark-mode"),
                new FlagStrategy("free", TenantConstraint.in("accountId", List.of("f1", "f2", "f3")), 10, "accountId",
                        "dark-mode"))));
    }

    @Test
    void readsSegmentTenantsFromConfigMapsAndConstrainsTheDefaultSegmentToEveryoneNotListed() {
        FeatureFlag flag = flag(true, null, List.of(new SegmentExposure("paying", 50), new SegmentExposure("rest", 5)));
        DesiredFlag.Desired desired = (DesiredFlag.Desired) DesiredFlag.of(flag, Optional.of(TIERS), CONFIG_MAPS);

        assertThat(desired.state().strategies()).containsExactly(
                new FlagStrategy("paying", TenantConstraint.in("accountId", List.of("acme", "hooli")), 50, "accountId",
                        "dark-mode"),
                new FlagStrategy("rest", TenantConstraint.notIn("accountId",
                        List.of("staff", "qa-bot", "f1", "f2", "f3", "acme", "hooli")), 5, "accountId", "dark-mode"));
    }

    @Test
    void writesNoStrategyForZeroPercentOrASegmentWithoutTenants() {
        FeatureFlag flag = flag(true, List.of(), List.of(new SegmentExposure("free", 0), new SegmentExposure("empty", 50)));

        DesiredFlag.Desired desired = (DesiredFlag.Desired) DesiredFlag.of(flag, Optional.of(TIERS), CONFIG_MAPS);

        assertThat(desired.state()).isEqualTo(new FlagState(true, List.of()));
    }

    @Test
    void keepsTheStrategiesWhenDisabledSoSwitchingOnRestoresTheSameTenants() {
        FeatureFlag flag = flag(false, null, List.of(new SegmentExposure("internal", 100)));

        DesiredFlag.Desired desired = (DesiredFlag.Desired) DesiredFlag.of(flag, Optional.of(TIERS), CONFIG_MAPS);

        assertThat(desired.state().enabled()).isFalse();
        assertThat(desired.state().strategies()).extracting(FlagStrategy::name).containsExactly("internal");
    }

    @Test
    void explicitTenantsWithoutASegmentationUseTheDefaultTenantKey() {
        FeatureFlag flag = flag(true, List.of("acme"), null);
        flag.setSpec(new FeatureFlagSpec(flag.getSpec().unleash(), null, true, null, List.of("acme"), null));

        DesiredFlag.Desired desired = (DesiredFlag.Desired) DesiredFlag.of(flag, Optional.empty(), NO_CONFIG_MAPS);

        assertThat(desired.state().strategies()).containsExactly(
                FlagStrategy.forTenants(List.of("acme"), "tenantId", "dark-mode"));
    }

    @Test
    void aMissingSegmentationIsInvalidWithTheFieldPath() {
        DesiredFlag.Result result = DesiredFlag.of(flag(true, null, List.of(new SegmentExposure("free", 10))),
                Optional.empty(), NO_CONFIG_MAPS);

        assertThat(result).isEqualTo(new DesiredFlag.Invalid(FeatureFlagReasons.SEGMENTATION_NOT_FOUND,
                "spec.segmentationRef.name: Segmentation 'tiers' does not exist in namespace shop; create it or fix the name"));
    }

    @Test
    void anUnknownSegmentIsInvalidWithItsIndexAndTheSegmentsThatExist() {
        DesiredFlag.Result result = DesiredFlag.of(flag(true, null, List.of(new SegmentExposure("free", 10),
                new SegmentExposure("platinum", 10))), Optional.of(TIERS), CONFIG_MAPS);

        assertThat(result).isInstanceOfSatisfying(DesiredFlag.Invalid.class, invalid -> {
            assertThat(invalid.reason()).isEqualTo(FeatureFlagReasons.UNKNOWN_SEGMENT);
            assertThat(invalid.message()).startsWith("spec.segments[1].name: segment 'platinum' is not defined")
                    .contains("[internal, free, paying, empty, rest]");
        });
    }

    @Test
    void aSegmentationWhoseConfigMapIsMissingIsInvalid() {
        DesiredFlag.Result result = DesiredFlag.of(flag(true, null, List.of(new SegmentExposure("free", 10))),
                Optional.of(TIERS), NO_CONFIG_MAPS);

        assertThat(result).isInstanceOfSatisfying(DesiredFlag.Invalid.class, invalid -> {
            assertThat(invalid.reason()).isEqualTo(FeatureFlagReasons.SEGMENTATION_INVALID);
            assertThat(invalid.message()).contains("spec.segments[2].tenantsFrom: ConfigMap paying has no key tenants");
        });
    }

    @Test
    void segmentsWithoutASegmentationRefAreInvalid() {
        FeatureFlag flag = flag(true, null, List.of(new SegmentExposure("free", 10)));
        flag.setSpec(new FeatureFlagSpec(flag.getSpec().unleash(), null, true, null, null, flag.getSpec().segments()));

        assertThat(DesiredFlag.of(flag, Optional.empty(), NO_CONFIG_MAPS)).isInstanceOfSatisfying(
                DesiredFlag.Invalid.class, invalid -> assertThat(invalid.reason())
                        .isEqualTo(FeatureFlagReasons.SEGMENTATION_REQUIRED));
    }

    static FeatureFlag flag(boolean enabled, List<String> tenants, List<SegmentExposure> segments) {
        FeatureFlag flag = new FeatureFlag();
        flag.setMetadata(new ObjectMetaBuilder().withName("dark-mode").withNamespace("shop").withGeneration(1L).build());
        flag.setSpec(new FeatureFlagSpec(new FlagRelease("dark-mode", null, null), "Dark mode", enabled,
                new ObjectReference("tiers"), tenants, segments));
        return flag;
    }

    private static Segmentation segmentation(String tenantKey, List<SegmentDefinition> segments) {
        Segmentation segmentation = new Segmentation();
        segmentation.setMetadata(new ObjectMetaBuilder().withName("tiers").withNamespace("shop").build());
        segmentation.setSpec(new SegmentationSpec(tenantKey, null, null, segments));
        return segmentation;
    }
}
