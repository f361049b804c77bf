package dev.bulkhead.operator.featureflag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulkhead.api.v1alpha1.Condition;
import dev.bulkhead.api.v1alpha1.ConditionStatus;
import dev.bulkhead.api.v1alpha1.ConfigMapKeyReference;
import dev.bulkhead.api.v1alpha1.FeatureFlag;
import dev.bulkhead.api.v1alpha1.FeatureFlagSpec;
import dev.bulkhead.api.v1alpha1.FeatureFlagSpec.SegmentExposure;
import dev.bulkhead.api.v1alpha1.FeatureFlagStatus;
import dev.bulkhead.api.v1alpha1.ObjectReference;
import dev.bulkhead.api.v1alpha1.ReleaseMethod.FlagRelease;
import dev.bulkhead.api.v1alpha1.SegmentDefinition;
import dev.bulkhead.api.v1alpha1.Segmentation;
import dev.bulkhead.api.v1alpha1.SegmentationSpec;
import dev.bulkhead.api.v1alpha1.TenantSource;
import dev.bulkhead.engine.tenant.BucketedTenants;
import dev.bulkhead.engine.tenant.TenantBucket;
import dev.bulkhead.operator.release.flag.FlagLocation;
import dev.bulkhead.operator.release.flag.FlagStore;
import dev.bulkhead.operator.release.flag.FlagStrategy;
import dev.bulkhead.operator.release.flag.ObservedFlag;
import dev.bulkhead.operator.release.flag.unleash.UnleashFlagStore;
import dev.bulkhead.operator.status.Conditions;
import dev.bulkhead.operator.testing.OperatorHarness;
import dev.bulkhead.testbed.TestNamespace;
import dev.bulkhead.testbed.TestbedExtension;
import dev.bulkhead.testbed.Unleash;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The FeatureFlag reconciler against the testbed's real API server and real Unleash: what Unleash serves to its
 * clients is what the spec asks for, hand edits are reported and undone, deletion archives.
 */
@ExtendWith(TestbedExtension.class)
class FeatureFlagReconcilerIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Short, so that drift made in a test is found within seconds; production reads every 30 s. */
    private static final Duration RESYNC = Duration.ofSeconds(2);
    private static final List<String> INTERNAL = List.of("staff", "qa-bot");
    private static final List<String> FREE = IntStream.rangeClosed(1, 40).mapToObj(i -> "free-" + i).toList();
    private static final List<String> PAYING = List.of("acme", "hooli", "initech");

    private static OperatorHarness operator;
    private static FlagStore store;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startOperator(KubernetesClient client, TestNamespace namespace, Unleash unleash) {
        store = new UnleashFlagStore(unleash.baseUrl(), unleash.adminToken(), Duration.ofSeconds(2), Duration.ofSeconds(10));
        operator = OperatorHarness.start(client, namespace.name(),
                List.of(new FeatureFlagReconciler(store, Clock.systemUTC(), RESYNC)));
        client.configMaps().inNamespace(namespace.name()).resource(new ConfigMapBuilder()
                .withNewMetadata().withName("free-tenants").endMetadata()
                .addToData("tenants", String.join("\n", FREE)).build()).create();
        Segmentation tiers = new Segmentation();
        tiers.setMetadata(new ObjectMetaBuilder().withName("tiers").withNamespace(namespace.name()).build());
        tiers.setSpec(new SegmentationSpec("accountId", null, null, List.of(
                new SegmentDefinition("internal", INTERNAL, null, null),
                new SegmentDefinition("free", null, new TenantSource(new ConfigMapKeyReference("free-tenants", "tenants")), null),
                new SegmentDefinition("paying", PAYING, null, null),
                new SegmentDefinition("everyone-else", null, null, true))));
        client.resource(tiers).create();
    }

    @AfterAll
    static void stopOperator(KubernetesClient client, TestNamespace namespace) {
        if (operator != null) {
            // Finalizers need the operator: delete the flags while it still runs, or the namespace cannot go.
            client.resources(FeatureFlag.class).inNamespace(namespace.name()).delete();
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    client.resources(FeatureFlag.class).inNamespace(namespace.name()).list().getItems().isEmpty());
            operator.close();
        }
    }

    @Test
    void createsTheFeatureSoUnleashExposesTheTenantsTheEngineBuckets(KubernetesClient client, TestNamespace namespace,
            Unleash unleash) {
        String feature = namespace.name() + "-exposure";
        create(client, namespace, "exposure", feature, new ObjectReference("tiers"), List.of("globex"),
                List.of(new SegmentExposure("internal", 100), new SegmentExposure("free", 30),
                        new SegmentExposure("paying", 0)));

        FeatureFlagStatus status = awaitPhase(client, namespace, "exposure", "Synced");

        assertThat(Conditions.find(status.conditions(), "Ready").orElseThrow().message())
                .contains("3 Bulkhead strategies [bulkhead:(tenants), bulkhead:free, bulkhead:internal]");
        Set<String> expected = new TreeSet<>(List.of("globex"));
        expected.addAll(INTERNAL);
        expected.addAll(BucketedTenants.of(feature, FREE).exposed(30));
        assertThat(expected).hasSizeBetween(1 + 2 + 1, 1 + 2 + FREE.size() - 1); // 30% is a strict, non-empty part
        List<String> everyone = new ArrayList<>(List.of("globex", "stranger"));
        everyone.addAll(INTERNAL);
        everyone.addAll(FREE);
        everyone.addAll(PAYING);
        // What SDKs download: the client API, read with the client token, evaluated with Unleash's bucketing.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            JsonNode served = clientFeature(unleash, feature).orElseThrow(() -> new AssertionError(feature + " not served"));
            Set<String> exposed = new TreeSet<>();
            everyone.stream().filter(tenant -> isOn(served, "accountId", tenant)).forEach(exposed::add);
            assertThat(exposed).isEqualTo(expected);
        });
    }

    @Test
    void aStrategyEditedByHandIsReportedAsDriftedAndPutBack(KubernetesClient client, TestNamespace namespace,
            Unleash unleash) throws Exception {
        String feature = namespace.name() + "-drift";
        FlagLocation location = new FlagLocation("default", "development", feature);
        create(client, namespace, "drift", feature, new ObjectReference("tiers"), null,
                List.of(new SegmentExposure("free", 30)));
        awaitPhase(client, namespace, "drift", "Synced");

        // Someone raises the rollout in the Unleash UI.
        JsonNode strategy = adminStrategies(unleash, feature).get(0);
        ((com.fasterxml.jackson.databind.node.ObjectNode) strategy.path("parameters")).put("rollout", "90");
        HttpResponse<String> edit = send(unleash, unleash.adminToken(), "PUT", "/api/admin/projects/default/features/"
                + feature + "/environments/development/strategies/" + strategy.path("id").asText(), strategy.toString());
        assertThat(edit.statusCode()).as(edit.body()).isEqualTo(200);

        Condition drifted = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> condition(client, namespace, "drift", "Drifted"),
                        c -> c.isPresent() && c.get().status() == ConditionStatus.TRUE).orElseThrow();
        assertThat(drifted.reason()).isEqualTo("DriftCorrected");
        assertThat(drifted.message()).contains("strategy bulkhead:free has rollout 90%, expected 30%");
        await().atMost(Duration.ofSeconds(30)).until(() -> condition(client, namespace, "drift", "Drifted"),
                c -> c.isPresent() && c.get().status() == ConditionStatus.FALSE);
        ObservedFlag observed = store.observe(location).orElseThrow();
        assertThat(observed.managed()).extracting(FlagStrategy::rollout).containsExactly(30);
        assertThat(observed.environmentEnabled()).isTrue();
    }

    @Test
    void anEnvironmentSwitchedOffByHandIsReportedAsDriftedAndSwitchedOnAgain(KubernetesClient client,
            TestNamespace namespace, Unleash unleash) throws Exception {
        String feature = namespace.name() + "-switch";
        FlagLocation location = new FlagLocation("default", "development", feature);
        create(client, namespace, "switch", feature, new ObjectReference("tiers"), List.of("globex"), null);
        awaitPhase(client, namespace, "switch", "Synced");

        assertThat(send(unleash, unleash.adminToken(), "POST", "/api/admin/projects/default/features/" + feature
                + "/environments/development/off", null).statusCode()).isEqualTo(200);

        Condition drifted = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> condition(client, namespace, "switch", "Drifted"),
                        c -> c.isPresent() && c.get().status() == ConditionStatus.TRUE).orElseThrow();
        assertThat(drifted.message()).contains("environment development is off, expected on");
        await().atMost(Duration.ofSeconds(30)).until(() -> store.observe(location).orElseThrow().environmentEnabled());
    }

    @Test
    void aConfigMapEditReachesUnleashWithoutBeingCalledDrift(KubernetesClient client, TestNamespace namespace) {
        String feature = namespace.name() + "-beta";
        FlagLocation location = new FlagLocation("default", "development", feature);
        client.configMaps().inNamespace(namespace.name()).resource(new ConfigMapBuilder()
                .withNewMetadata().withName("beta-tenants").endMetadata().addToData("tenants", "b1\nb2").build()).create();
        Segmentation beta = new Segmentation();
        beta.setMetadata(new ObjectMetaBuilder().withName("beta").withNamespace(namespace.name()).build());
        beta.setSpec(new SegmentationSpec("accountId", null, null, List.of(new SegmentDefinition("beta", null,
                new TenantSource(new ConfigMapKeyReference("beta-tenants", "tenants")), null))));
        client.resource(beta).create();
        create(client, namespace, "beta", feature, new ObjectReference("beta"), null,
                List.of(new SegmentExposure("beta", 100)));
        awaitPhase(client, namespace, "beta", "Synced");

        client.configMaps().inNamespace(namespace.name()).withName("beta-tenants")
                .edit(cm -> new ConfigMapBuilder(cm).addToData("tenants", "b1\nb2\nb3").build());

        Set<ConditionStatus> driftSeen = new HashSet<>();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            condition(client, namespace, "beta", "Drifted").ifPresent(c -> driftSeen.add(c.status()));
            assertThat(store.observe(location).orElseThrow().managed()).singleElement()
                    .satisfies(s -> assertThat(s.constraint().tenants()).containsExactly("b1", "b2", "b3"));
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> condition(client, namespace, "beta", "Drifted")
                .map(Condition::status), c -> c.isPresent() && c.get() == ConditionStatus.FALSE);
        assertThat(driftSeen).containsOnly(ConditionStatus.FALSE);
    }

    @Test
    void deletingTheFeatureFlagArchivesTheFeature(KubernetesClient client, TestNamespace namespace, Unleash unleash)
            throws Exception {
        String feature = namespace.name() + "-deleted";
        FlagLocation location = new FlagLocation("default", "development", feature);
        create(client, namespace, "deleted", feature, new ObjectReference("tiers"), List.of("globex"), null);
        awaitPhase(client, namespace, "deleted", "Synced");
        assertThat(store.observe(location)).isPresent();

        client.resources(FeatureFlag.class).inNamespace(namespace.name()).withName("deleted").delete();

        await().atMost(Duration.ofSeconds(30)).until(() ->
                client.resources(FeatureFlag.class).inNamespace(namespace.name()).withName("deleted").get() == null);
        assertThat(store.observe(location)).isEmpty();
        // Only an archived feature can be revived: that tells archiving from deleting.
        HttpResponse<String> revive = send(unleash, unleash.adminToken(), "POST", "/api/admin/projects/default/revive",
                JSON.createObjectNode().set("features", JSON.createArrayNode().add(feature)).toString());
        assertThat(revive.statusCode()).as(revive.body()).isEqualTo(200);
        assertThat(store.observe(location)).isPresent();
        store.forNamespace(namespace.name()).archive(location);
    }

    @Test
    void aFeatureFlagNamingAMissingSegmentationIsNotReadyAndWritesNothing(KubernetesClient client,
            TestNamespace namespace) {
        String feature = namespace.name() + "-orphan";
        create(client, namespace, "orphan", feature, new ObjectReference("no-such-tiers"), null,
                List.of(new SegmentExposure("free", 10)));

        FeatureFlagStatus status = awaitPhase(client, namespace, "orphan", "Invalid");

        Condition ready = Conditions.find(status.conditions(), "Ready").orElseThrow();
        assertThat(ready.status()).isEqualTo(ConditionStatus.FALSE);
        assertThat(ready.reason()).isEqualTo("SegmentationNotFound");
        assertThat(ready.message()).startsWith("spec.segmentationRef.name: Segmentation 'no-such-tiers' does not exist");
        assertThat(store.observe(new FlagLocation("default", "development", feature))).isEmpty();
    }

    // ---- given

    private static void create(KubernetesClient client, TestNamespace namespace, String name, String feature,
            ObjectReference segmentation, List<String> tenants, List<SegmentExposure> segments) {
        FeatureFlag flag = new FeatureFlag();
        flag.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace.name()).build());
        flag.setSpec(new FeatureFlagSpec(new FlagRelease(feature, null, null), "written by FeatureFlagReconcilerIT",
                true, segmentation, tenants, segments));
        client.resource(flag).create();
    }

    // ---- then

    private static FeatureFlagStatus awaitPhase(KubernetesClient client, TestNamespace namespace, String name,
            String phase) {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> client.resources(FeatureFlag.class).inNamespace(namespace.name()).withName(name).get()
                        .getStatus(), s -> s != null && phase.equals(s.phase()));
    }

    private static Optional<Condition> condition(KubernetesClient client, TestNamespace namespace, String name,
            String type) {
        FeatureFlagStatus status = client.resources(FeatureFlag.class).inNamespace(namespace.name()).withName(name).get()
                .getStatus();
        return status == null ? Optional.empty() : Conditions.find(status.conditions(), type);
    }

    /**
     * Unleash's evaluation of an enabled environment with {@code flexibleRollout} strategies, for a context holding
     * only the tenant key: on when some strategy's constraints hold and the tenant's bucket for the strategy's group
     * id is within its rollout. The bucketing is the engine's {@link TenantBucket}, whose agreement with the Unleash
     * Java SDK is tested in rollout-engine.
     */
    private static boolean isOn(JsonNode feature, String tenantKey, String tenant) {
        if (!feature.path("enabled").asBoolean()) {
            return false;
        }
        for (JsonNode strategy : feature.path("strategies")) {
            assertThat(strategy.path("name").asText()).isEqualTo("flexibleRollout");
            JsonNode parameters = strategy.path("parameters");
            assertThat(parameters.path("stickiness").asText()).isEqualTo(tenantKey);
            boolean admitted = true;
            for (JsonNode constraint : strategy.path("constraints")) {
                assertThat(constraint.path("contextName").asText()).isEqualTo(tenantKey);
                Set<String> values = new HashSet<>();
                constraint.path("values").forEach(v -> values.add(v.asText()));
                boolean in = values.contains(tenant);
                admitted &= switch (constraint.path("operator").asText()) {
                    case "IN" -> in;
                    case "NOT_IN" -> !in;
                    default -> throw new AssertionError("unexpected operator in " + constraint);
                };
            }
            if (admitted && TenantBucket.isExposed(parameters.path("groupId").asText(), tenant,
                    Integer.parseInt(parameters.path("rollout").asText()))) {
                return true;
            }
        }
        return false;
    }

    private Optional<JsonNode> clientFeature(Unleash unleash, String feature) throws Exception {
        HttpResponse<String> response = send(unleash, unleash.clientToken(), "GET", "/api/client/features", null);
        assertThat(response.statusCode()).isEqualTo(200);
        for (JsonNode f : JSON.readTree(response.body()).path("features")) {
            if (feature.equals(f.path("name").asText())) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    private JsonNode adminStrategies(Unleash unleash, String feature) throws Exception {
        HttpResponse<String> response = send(unleash, unleash.adminToken(), "GET", "/api/admin/projects/default/features/"
                + feature + "/environments/development/strategies", null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> send(Unleash unleash, String token, String method, String path, String body)
            throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(unleash.baseUrl() + path))
                .header("Authorization", token).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
