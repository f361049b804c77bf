package dev.bulkhead.operator.segmentation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkhead.api.v1alpha1.ConfigMapKeyReference;
import dev.bulkhead.api.v1alpha1.SegmentDefinition;
import dev.bulkhead.api.v1alpha1.SegmentationSpec;
import dev.bulkhead.api.v1alpha1.TenantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TenantListsTest {

    @Test
    void parsesNewlineAndCommaSeparatedTenantsSkippingBlanksAndComments() {
        assertThat(TenantLists.parse("acme\n  hooli, pied-piper \n\n# churned\ninitech,\n"))
                .containsExactly("acme", "hooli", "pied-piper", "initech");
    }

    @Test
    void resolvesInlineConfigMapAndDefaultSegmentsInOrder() {
        SegmentationSpec spec = new SegmentationSpec(null, null, null, List.of(
                new SegmentDefinition("internal", List.of("staff"), null, null),
                new SegmentDefinition("paying", null, new TenantSource(new ConfigMapKeyReference("paying", "tenants")), null),
                new SegmentDefinition("rest", null, null, true)));
        Map<String, String> configMaps = Map.of("paying/tenants", "acme\nhooli");

        TenantLists.Resolved resolved = TenantLists.resolve(spec,
                ref -> Optional.ofNullable(configMaps.get(ref.name() + "/" + ref.key())));

        assertThat(resolved.ok()).isTrue();
        assertThat(resolved.spec().segments()).extracting(s -> s.name()).containsExactly("internal", "paying", "rest");
        assertThat(resolved.spec().segments().get(1).tenants()).containsExactly("acme", "hooli");
        assertThat(resolved.spec().segments().get(2).isDefault()).isTrue();
    }

    @Test
    void aMissingConfigMapIsAProblemWithTheFieldPathNotAnEmptySegment() {
        SegmentationSpec spec = new SegmentationSpec(null, null, null, List.of(
                new SegmentDefinition("paying", null, new TenantSource(new ConfigMapKeyReference("gone", "tenants")), null)));

        TenantLists.Resolved resolved = TenantLists.resolve(spec, ref -> Optional.empty());

        assertThat(resolved.ok()).isFalse();
        assertThat(resolved.problems()).singleElement().asString()
                .startsWith("spec.segments[0].tenantsFrom: ConfigMap gone has no key tenants");
        assertThat(resolved.spec().segments()).isEmpty();
    }
}
