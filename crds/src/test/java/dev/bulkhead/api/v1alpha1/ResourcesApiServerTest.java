package dev.bulkhead.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulkhead.testbed.Manifests;
import dev.bulkhead.testbed.TestNamespace;
import dev.bulkhead.testbed.TestbedExtension;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The generated CRDs and admission policies installed on a real kube-apiserver: every valid example is accepted,
 * defaulted and read back into the Java types; every invalid example is refused with the message its comment names.
 */
@ExtendWith(TestbedExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ResourcesApiServerTest {

    private static final Path CRDS = Path.of(System.getProperty("bulkhead.crds.committed", "generated"));
    private static final Path POLICIES = Path.of(System.getProperty("bulkhead.crds.policies", "policies"));
    /** Objects others refer to go first, so the admission policy finds the Segmentation. */
    private static final List<String> KIND_ORDER = List.of("ConfigMap", "Segmentation", "ServiceLevelObjective",
            "FeatureFlag", "Rollout");

    @BeforeAll
    static void installCrdsAndPolicies(KubernetesClient client) {
        Manifests.applyCrds(client, CRDS);
        Manifests.apply(client, POLICIES);
    }

    @Test
    @Order(1)
    void acceptsDefaultsAndRoundTripsEveryValidExample(KubernetesClient client, TestNamespace namespace) throws Exception {
        List<ExampleResources.Example> examples = ExampleResources.valid().stream()
                .sorted(Comparator.comparingInt(e -> KIND_ORDER.indexOf(kind(e))))
                .toList();
        assertThat(examples).extracting(ResourcesApiServerTest::kind).containsAll(KIND_ORDER);

        for (ExampleResources.Example example : examples) {
            HasMetadata created = client.resource(load(client, example)).inNamespace(namespace.name()).create();
            JsonNode sent = Serialization.yamlMapper().readTree(example.yaml());
            JsonNode stored = Serialization.jsonMapper().valueToTree(created);
            String field = sent.has("spec") ? "spec" : "data";
            assertContains(stored.get(field), sent.get(field), example + " " + field);
        }

        Rollout flagRollout = client.resources(Rollout.class).inNamespace(namespace.name()).withName("new-pricing").get();
        assertThat(flagRollout.getSpec().analysis().minSamples()).as("schema default for minSamples").isEqualTo(200);
        assertThat(flagRollout.getSpec().rollback().automatic()).as("rollback is automatic by default").isTrue();
        assertThat(flagRollout.getSpec().release().flag().project()).isEqualTo("default");
        Segmentation tiers = client.resources(Segmentation.class).inNamespace(namespace.name()).withName("tiers").get();
        assertThat(tiers.getSpec().segments()).extracting(SegmentDefinition::name)
                .containsExactly("internal", "free", "paying", "enterprise", "everyone-else");
        assertThat(tiers.getSpec().segments().get(4).receivesUnlistedTenants()).isTrue();
    }

    @Test
    @Order(2)
    void refusesEveryInvalidExampleWithTheMessageItsCommentNames(KubernetesClient client, TestNamespace namespace) {
        List<ExampleResources.Example> examples = ExampleResources.invalid();
        assertThat(examples).isNotEmpty().allSatisfy(e -> assertThat(e.expectedError())
                .as(e + " names the message it must be refused with in a '# expect:' comment").isNotBlank());

        for (ExampleResources.Example example : examples) {
            AtomicReference<String> lastOutcome = new AtomicReference<>("not tried");
            // Admission policies take effect a moment after they are created, hence the retry; an example that is
            // wrongly accepted is deleted again so that the next attempt is a fresh create.
            try {
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
                        HasMetadata resource = load(client, example);
                        try {
                            client.resource(resource).inNamespace(namespace.name()).create();
                            client.resource(resource).inNamespace(namespace.name()).delete();
                            lastOutcome.set("accepted");
                            return false;
                        } catch (KubernetesClientException refused) {
                            lastOutcome.set(refused.getMessage());
                            return refused.getCode() == 422 && refused.getMessage().contains(example.expectedError());
                        }
                });
            } catch (ConditionTimeoutException e) {
                throw new AssertionError(example + " should be refused with \"" + example.expectedError()
                        + "\" but the last attempt gave: " + lastOutcome.get(), e);
            }
        }
    }

    private static HasMetadata load(KubernetesClient client, ExampleResources.Example example) {
        List<HasMetadata> items = client.load(new ByteArrayInputStream(example.yaml().getBytes(StandardCharsets.UTF_8)))
                .items();
        assertThat(items).as(example + " holds one object").hasSize(1);
        return items.get(0);
    }

    private static String kind(ExampleResources.Example example) {
        try {
            return Serialization.yamlMapper().readTree(example.yaml()).path("kind").asText();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every field the example sets comes back with the same value; the server may add defaults. */
    private static void assertContains(JsonNode stored, JsonNode sent, String where) {
        if (sent.isObject()) {
            assertThat(stored).as(where).isNotNull();
            Iterator<Map.Entry<String, JsonNode>> fields = sent.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                assertContains(stored.get(f.getKey()), f.getValue(), where + "." + f.getKey());
            }
        } else if (sent.isArray()) {
            assertThat(stored.size()).as(where + " size").isEqualTo(sent.size());
            for (int i = 0; i < sent.size(); i++) {
                assertContains(stored.get(i), sent.get(i), where + "[" + i + "]");
            }
        } else if (sent.isNumber()) {
            assertThat(stored.asDouble()).as(where).isEqualTo(sent.asDouble());
        } else {
            assertThat(stored.asText()).as(where).isEqualTo(sent.asText());
        }
    }
}
