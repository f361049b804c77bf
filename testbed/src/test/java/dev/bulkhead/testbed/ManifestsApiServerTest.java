package dev.bulkhead.testbed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaPropsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;

/** Applying CRDs returns only once their resources are served, on a group the API server has never seen. */
@ExtendWith(TestbedExtension.class)
class ManifestsApiServerTest {

    @Test
    void appliedCrdsAnswerAListAsSoonAsApplyReturns(KubernetesClient client, TestNamespace namespace, @TempDir Path dir)
            throws Exception {
        CustomResourceDefinition crd = widgets("w" + UUID.randomUUID().toString().substring(0, 8) + ".testbed.bulkhead.dev");
        Files.writeString(dir.resolve("widgets.yaml"), Serialization.asYaml(crd));
        try {
            Manifests.applyCrds(client, dir);

            var widgets = client.genericKubernetesResources(context(crd)).inNamespace(namespace.name()).list();
            assertThat(widgets.getItems()).isEmpty();
        } finally {
            client.apiextensions().v1().customResourceDefinitions().withName(crd.getMetadata().getName()).delete();
        }
    }

    @Test
    void aVersionThatIsNeverServedFailsNamingTheCrdAndTheVersion(KubernetesClient client) {
        CustomResourceDefinition neverApplied = widgets("never" + UUID.randomUUID().toString().substring(0, 8)
                + ".testbed.bulkhead.dev");

        assertThatThrownBy(() -> Manifests.awaitServed(client, neverApplied, Duration.ofMillis(500)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(neverApplied.getMetadata().getName() + " is Established but v1 is not served");
    }

    private static ResourceDefinitionContext context(CustomResourceDefinition crd) {
        return new ResourceDefinitionContext.Builder().withGroup(crd.getSpec().getGroup()).withVersion("v1")
                .withKind("Widget").withPlural("widgets").withNamespaced(true).build();
    }

    private static CustomResourceDefinition widgets(String group) {
        return new CustomResourceDefinitionBuilder()
                .withNewMetadata().withName("widgets." + group).endMetadata()
                .withNewSpec().withGroup(group).withScope("Namespaced")
                .withNewNames().withKind("Widget").withPlural("widgets").withSingular("widget").withListKind("WidgetList")
                .endNames()
                .addNewVersion().withName("v1").withServed(true).withStorage(true)
                .withNewSchema().withOpenAPIV3Schema(new JSONSchemaPropsBuilder().withType("object")
                        .withXKubernetesPreserveUnknownFields(true).build())
                .endSchema().endVersion()
                .endSpec().build();
    }
}
