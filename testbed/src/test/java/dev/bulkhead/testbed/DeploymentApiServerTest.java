package dev.bulkhead.testbed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.readiness.Readiness;

@ExtendWith(TestbedExtension.class)
class DeploymentApiServerTest {

    @Test
    void podsOfADeploymentBecomeReadyOnKwokNodes(KubernetesClient client, TestNamespace namespace) {
        Deployment deployment = new DeploymentBuilder()
                .withNewMetadata().withName("web").endMetadata()
                .withNewSpec().withReplicas(3)
                .withNewSelector().addToMatchLabels("app", "web").endSelector()
                .withNewTemplate()
                .withNewMetadata().addToLabels("app", "web").endMetadata()
                .withNewSpec().addNewContainer().withName("web").withImage("registry.invalid/web:1").endContainer().endSpec()
                .endTemplate()
                .endSpec().build();

        client.resource(deployment).inNamespace(namespace.name()).create();

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            Deployment current = client.apps().deployments().inNamespace(namespace.name()).withName("web").get();
            assertThat(current.getStatus().getReadyReplicas()).isEqualTo(3);
        });
        List<Pod> pods = client.pods().inNamespace(namespace.name()).withLabel("app", "web").list().getItems();
        assertThat(pods).hasSize(3).allSatisfy(pod -> {
            assertThat(Readiness.isPodReady(pod)).isTrue();
            assertThat(pod.getSpec().getNodeName()).startsWith("kwok-node-");
            assertThat(pod.getStatus().getPodIP()).isNotBlank();
        });
    }
}
