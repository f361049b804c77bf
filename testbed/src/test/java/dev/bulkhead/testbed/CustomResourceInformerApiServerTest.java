package dev.bulkhead.testbed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaPropsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

/** A watch on a custom resource delivers updates (older etcd releases left such watches stuck). */
@ExtendWith(TestbedExtension.class)
class CustomResourceInformerApiServerTest {

    private static final ResourceDefinitionContext GADGETS = new ResourceDefinitionContext.Builder()
            .withGroup("testbed.bulkhead.dev").withVersion("v1").withKind("Gadget").withPlural("gadgets").withNamespaced(true)
            .build();

    @Test
    void informerSeesAnUpdateOfACustomResource(KubernetesClient client, TestNamespace namespace) throws Exception {
        installGadgetDefinition(client);
        List<String> seenSizes = new CopyOnWriteArrayList<>();
        try (SharedIndexInformer<GenericKubernetesResource> informer = client.genericKubernetesResources(GADGETS)
                .inNamespace(namespace.name()).inform(new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(GenericKubernetesResource gadget) {
                        seenSizes.add("added:" + size(gadget));
                    }

                    @Override
                    public void onUpdate(GenericKubernetesResource old, GenericKubernetesResource gadget) {
                        seenSizes.add("updated:" + size(gadget));
                    }

                    @Override
                    public void onDelete(GenericKubernetesResource gadget, boolean unknownFinalState) {
                    }
                })) {
            informer.start().toCompletableFuture().get(30, TimeUnit.SECONDS);

            GenericKubernetesResource gadget = client.genericKubernetesResources(GADGETS).inNamespace(namespace.name())
                    .resource(new GenericKubernetesResourceBuilder().withApiVersion("testbed.bulkhead.dev/v1").withKind("Gadget")
                            .withNewMetadata().withName("g1").endMetadata()
                            .withAdditionalProperties(Map.of("spec", Map.of("size", 1))).build())
                    .create();
            await().atMost(Duration.ofSeconds(30)).until(() -> seenSizes.contains("added:1"));

            gadget.setAdditionalProperty("spec", Map.of("size", 2));
            client.genericKubernetesResources(GADGETS).inNamespace(namespace.name()).resource(gadget).update();

            await().atMost(Duration.ofSeconds(30)).until(() -> seenSizes.contains("updated:2"));
            assertThat(informer.getStore().getByKey(namespace.name() + "/g1")).extracting(CustomResourceInformerApiServerTest::size)
                    .isEqualTo(2);
        }
    }

    private static Object size(GenericKubernetesResource gadget) {
        Object spec = gadget.getAdditionalProperties().get("spec");
        return spec instanceof Map<?, ?> map ? map.get("size") : null;
    }

    /** A tiny CRD of the testbed's own; cluster-scoped, so applied idempotently and left in place. */
    private static void installGadgetDefinition(KubernetesClient client) {
        CustomResourceDefinition crd = new CustomResourceDefinitionBuilder()
                .withNewMetadata().withName("gadgets.testbed.bulkhead.dev").endMetadata()
                .withNewSpec().withGroup("testbed.bulkhead.dev").withScope("Namespaced")
                .withNewNames().withKind("Gadget").withPlural("gadgets").withSingular("gadget").withListKind("GadgetList").endNames()
                .addNewVersion().withName("v1").withServed(true).withStorage(true)
                .withNewSchema().withOpenAPIV3Schema(new JSONSchemaPropsBuilder().withType("object")
                        .addToProperties("spec", new JSONSchemaPropsBuilder().withType("object")
                                .addToProperties("size", new JSONSchemaPropsBuilder().withType("integer").build()).build())
                        .build())
                .endSchema().endVersion()
                .endSpec().build();
        client.apiextensions().v1().customResourceDefinitions().resource(crd).forceConflicts().serverSideApply();
        client.apiextensions().v1().customResourceDefinitions().withName(crd.getMetadata().getName())
                .waitUntilCondition(c -> c != null && c.getStatus() != null && c.getStatus().getConditions().stream()
                        .anyMatch(cond -> "Established".equals(cond.getType()) && "True".equals(cond.getStatus())),
                        30, TimeUnit.SECONDS);
    }
}
