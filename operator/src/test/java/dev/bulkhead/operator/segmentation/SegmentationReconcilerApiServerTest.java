package dev.bulkhead.operator.segmentation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bulkhead.api.v1alpha1.Condition;
import dev.bulkhead.api.v1alpha1.ConditionStatus;
import dev.bulkhead.api.v1alpha1.ConfigMapKeyReference;
import dev.bulkhead.api.v1alpha1.SegmentDefinition;
import dev.bulkhead.api.v1alpha1.Segmentation;
import dev.bulkhead.api.v1alpha1.SegmentationSpec;
import dev.bulkhead.api.v1alpha1.SegmentationStatus;
import dev.bulkhead.api.v1alpha1.TenantSource;
import dev.bulkhead.operator.status.Conditions;
import dev.bulkhead.operator.testing.OperatorHarness;
import dev.bulkhead.testbed.TestNamespace;
import dev.bulkhead.testbed.TestbedExtension;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestbedExtension.class)
class SegmentationReconcilerApiServerTest {

    private static OperatorHarness operator;

    @BeforeAll
    static void startOperator(KubernetesClient client, TestNamespace namespace) {
        operator = OperatorHarness.start(client, namespace.name(), List.of(new SegmentationReconciler(Clock.systemUTC())));
    }

    @AfterAll
    static void stopOperator() {
        if (operator != null) {
            operator.close();
        }
    }

    @Test
    void countsTenantsPerSegmentIncludingThoseFromAConfigMap(KubernetesClient client, TestNamespace namespace) {
        client.configMaps().inNamespace(namespace.name()).resource(new ConfigMapBuilder()
                .withNewMetadata().withName("paying-tenants").endMetadata()
                .addToData("tenants", "acme\nhooli, initech\n# churned: soylent\n").build()).create();
        create(client, namespace, "tiers", List.of(
                new SegmentDefinition("internal", List.of("staff", "qa-bot"), null, null),
                new SegmentDefinition("paying", null, configMap("paying-tenants"), null),
                new SegmentDefinition("everyone-else", null, null, true)));

        SegmentationStatus status = awaitStatus(client, namespace, "tiers", "Ready");

        assertThat(status.tenantCount()).isEqualTo(5);
        assertThat(status.segmentCount()).isEqualTo(3);
        assertThat(status.segments()).extracting(SegmentationStatus.SegmentTenantCount::tenants)
                .containsExactly(2, 3, null);
        assertThat(status.observedGeneration()).isEqualTo(1L);
        assertThat(Conditions.isTrue(status.conditions(), "Ready")).isTrue();
    }

    @Test
    void aMissingConfigMapMakesItInvalidUntilTheConfigMapAppears(KubernetesClient client, TestNamespace namespace) {
        create(client, namespace, "waiting", List.of(new SegmentDefinition("paying", null, configMap("late-tenants"), null)));

        SegmentationStatus invalid = awaitStatus(client, namespace, "waiting", "Invalid");
        Condition ready = Conditions.find(invalid.conditions(), "Ready").orElseThrow();
        assertThat(ready.status()).isEqualTo(ConditionStatus.FALSE);
        assertThat(ready.reason()).isEqualTo(SegmentationReasons.INVALID);
        assertThat(ready.message()).contains("spec.segments[0].tenantsFrom: ConfigMap late-tenants has no key tenants");

        client.configMaps().inNamespace(namespace.name()).resource(new ConfigMapBuilder()
                .withNewMetadata().withName("late-tenants").endMetadata().addToData("tenants", "acme").build()).create();

        assertThat(awaitStatus(client, namespace, "waiting", "Ready").tenantCount()).isEqualTo(1);
    }

    @Test
    void aTenantInTwoSegmentsIsReportedWithBothPlaces(KubernetesClient client, TestNamespace namespace) {
        create(client, namespace, "overlap", List.of(
                new SegmentDefinition("free", List.of("acme", "hooli"), null, null),
                new SegmentDefinition("paying", List.of("initech", "acme"), null, null)));

        Condition ready = Conditions.find(awaitStatus(client, namespace, "overlap", "Invalid").conditions(), "Ready")
                .orElseThrow();
        assertThat(ready.message()).contains("spec.segments[1].tenants[1]").contains("'acme'").contains("segment 'free'");
    }

    private static TenantSource configMap(String name) {
        return new TenantSource(new ConfigMapKeyReference(name, "tenants"));
    }

    private static void create(KubernetesClient client, TestNamespace namespace, String name, List<SegmentDefinition> segments) {
        Segmentation segmentation = new Segmentation();
        segmentation.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace.name()).build());
        segmentation.setSpec(new SegmentationSpec(null, null, null, segments));
        client.resource(segmentation).create();
    }

    private static SegmentationStatus awaitStatus(KubernetesClient client, TestNamespace namespace, String name, String phase) {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> client.resources(Segmentation.class).inNamespace(namespace.name()).withName(name).get().getStatus(),
                        s -> s != null && phase.equals(s.phase()));
    }
}
