package dev.bulkhead.operator.featureflag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulkhead.api.v1alpha1.Condition;
import dev.bulkhead.api.v1alpha1.ConditionStatus;
import dev.bulkhead.api.v1alpha1.FeatureFlag;
import dev.bulkhead.api.v1alpha1.FeatureFlagSpec;
import dev.bulkhead.api.v1alpha1.FeatureFlagStatus;
import dev.bulkhead.api.v1alpha1.ReleaseMethod.FlagRelease;
import dev.bulkhead.operator.release.flag.FlagAccess;
import dev.bulkhead.operator.release.flag.FlagLocation;
import dev.bulkhead.operator.release.flag.FlagState;
import dev.bulkhead.operator.release.flag.FlagStrategy;
import dev.bulkhead.operator.release.flag.unleash.UnleashCallListener;
import dev.bulkhead.operator.release.flag.unleash.UnleashFlagStore;
import dev.bulkhead.operator.status.Conditions;
import dev.bulkhead.operator.testing.OperatorHarness;
import dev.bulkhead.testbed.TestNamespace;
import dev.bulkhead.testbed.TestbedExtension;
import dev.bulkhead.testbed.Unleash;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.getunleash.DefaultUnleash;
import io.getunleash.UnleashContext;
import io.getunleash.util.UnleashConfig;
import io.getunleash.util.UnleashScheduledExecutorImpl;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Fault: a namespace aims a FeatureFlag at an Unleash feature that is not its own, or at a project it may not use, or
 * at one Unleash refuses. Promise: nothing in Unleash changes (what the SDK sees stays as it was), the FeatureFlag
 * says why with a condition, and deleting it archives nothing it does not own. The operator runs with
 * {@code bulkhead.unleash.access} granting the test namespace {@code default/development} and one missing project.
 */
@ExtendWith(TestbedExtension.class)
class UnleashTenancyFaultIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RUN = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(0, 6);
    private static final String MISSING_PROJECT = "missing-" + RUN;

    private static OperatorHarness operator;
    private static UnleashFlagStore store;
    private static DefaultUnleash sdk;
    private static Unleash unleash;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void startOperator(KubernetesClient client, TestNamespace namespace, Unleash server) {
        unleash = server;
        FlagAccess access = FlagAccess.parse(List.of(namespace.name() + "=default/development",
                namespace.name() + "=" + MISSING_PROJECT));
        store = new UnleashFlagStore(unleash.baseUrl(), unleash.adminToken(), Duration.ofSeconds(2),
                Duration.ofSeconds(10), UnleashCallListener.NONE, access);
        operator = OperatorHarness.start(client, namespace.name(),
                List.of(new FeatureFlagReconciler(store, Clock.systemUTC(), Duration.ofSeconds(2))));
        sdk = new DefaultUnleash(UnleashConfig.builder().appName("unleash-tenancy-fault-it").instanceId("it")
                .unleashAPI(unleash.baseUrl() + "/api").apiKey(unleash.clientToken()).fetchTogglesInterval(1)
                .scheduledExecutor(new UnleashScheduledExecutorImpl())
                .synchronousFetchOnInitialisation(true).disableMetrics().build());
    }

    @AfterAll
    static void stopOperator(KubernetesClient client, TestNamespace namespace) {
        if (sdk != null) {
            sdk.shutdown();
        }
        if (operator != null) {
            client.resources(FeatureFlag.class).inNamespace(namespace.name()).delete();
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    client.resources(FeatureFlag.class).inNamespace(namespace.name()).list().getItems().isEmpty());
            operator.close();
        }
    }

    @Test
    void aFeatureFlagAimedAtAFeatureMadeByHandChangesNothingAndDeletingItArchivesNothing(KubernetesClient client,
            TestNamespace namespace) throws Exception {
        String feature = "by-hand-" + RUN;
        admin("POST", "/api/admin/projects/default/features", "{\"name\":\"" + feature + "\",\"type\":\"release\"}");
        admin("POST", strategies(feature), "{\"name\":\"flexibleRollout\",\"title\":\"everyone\","
                + "\"parameters\":{\"rollout\":\"100\",\"stickiness\":\"default\",\"groupId\":\"" + feature + "\"}}");
        admin("POST", "/api/admin/projects/default/features/" + feature + "/environments/development/on", null);
        await().atMost(Duration.ofSeconds(20)).until(() -> enabled(feature, "acme"));
        String before = admin("GET", strategies(feature), null).toString();

        // The take-over seen in issue 13: a flag switched off "for everyone" through a FeatureFlag pointing at it.
        create(client, namespace, "foreign", new FlagRelease(feature, null, null), false);

        Condition ready = awaitReady(client, namespace, "foreign", FeatureFlagReasons.FEATURE_NOT_OWNED);
        assertThat(ready.message()).contains(feature).contains("namespace " + namespace.name())
                .contains("tag bulkhead:" + namespace.name()).contains("changes nothing");
        assertThat(phase(client, namespace, "foreign")).isEqualTo("Error");
        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(enabled(feature, "acme")).as("the SDK still sees the feature on").isTrue();
            assertThat(admin("GET", strategies(feature), null).toString()).isEqualTo(before);
        });

        client.resources(FeatureFlag.class).inNamespace(namespace.name()).withName("foreign").delete();
        await().atMost(Duration.ofSeconds(20)).until(() ->
                client.resources(FeatureFlag.class).inNamespace(namespace.name()).withName("foreign").get() == null);
        assertThat(status("GET", "/api/admin/projects/default/features/" + feature)).as("not archived").isEqualTo(200);
        assertThat(enabled(feature, "acme")).isTrue();
    }

    @Test
    void aFeatureBulkheadCreatedForAnotherNamespaceIsNotTakenOver(KubernetesClient client, TestNamespace namespace) {
        String feature = "other-ns-" + RUN;
        FlagLocation location = new FlagLocation("default", "development", feature);
        UnleashFlagStore everyone = new UnleashFlagStore(unleash.baseUrl(), unleash.adminToken(), Duration.ofSeconds(2),
                Duration.ofSeconds(10));
        everyone.forNamespace("team-other").ensure(location, null, FlagState.exposing(List.of(
                FlagStrategy.forTenants(List.of("acme"), "tenantId", feature))));

        create(client, namespace, "theirs", new FlagRelease(feature, null, null), false);

        assertThat(awaitReady(client, namespace, "theirs", FeatureFlagReasons.FEATURE_NOT_OWNED).message())
                .contains("namespace " + namespace.name());
        assertThat(everyone.forNamespace("team-other").observe(location).orElseThrow().environmentEnabled())
                .as("still on for its owner's tenants").isTrue();
    }

    @Test
    void aNamespaceNotAllowedTheProjectIsRefusedWithAConditionAndNothingIsCreated(KubernetesClient client,
            TestNamespace namespace) throws Exception {
        String feature = "not-allowed-" + RUN;
        create(client, namespace, "elsewhere", new FlagRelease(feature, "default", "production"), true);

        Condition ready = awaitReady(client, namespace, "elsewhere", FeatureFlagReasons.PROJECT_NOT_ALLOWED);

        assertThat(ready.message()).contains("namespace " + namespace.name()).contains("project default")
                .contains("environment production").contains(FlagAccess.SETTING).contains("default/development");
        assertThat(status("GET", "/api/admin/projects/default/features/" + feature)).as("no feature created")
                .isEqualTo(404);
    }

    @Test
    void aRequestUnleashRefusesIsRejectedWithUnleashsMessage(KubernetesClient client, TestNamespace namespace) {
        create(client, namespace, "refused", new FlagRelease("refused-" + RUN, MISSING_PROJECT, null), true);

        Condition ready = awaitReady(client, namespace, "refused", FeatureFlagReasons.UNLEASH_REJECTED);

        assertThat(ready.message()).contains("Unleash answered 4").contains(MISSING_PROJECT)
                .contains("sends it again when the spec changes");
        assertThat(phase(client, namespace, "refused")).isEqualTo("Error");
    }

    // ---- given

    private static void create(KubernetesClient client, TestNamespace namespace, String name, FlagRelease unleash,
            boolean enabled) {
        FeatureFlag flag = new FeatureFlag();
        flag.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace.name()).build());
        flag.setSpec(new FeatureFlagSpec(unleash, "written by UnleashTenancyFaultIT", enabled, null, List.of("acme"),
                null));
        client.resource(flag).create();
    }

    // ---- then

    private static Condition awaitReady(KubernetesClient client, TestNamespace namespace, String name, String reason) {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    FeatureFlagStatus status = client.resources(FeatureFlag.class).inNamespace(namespace.name())
                            .withName(name).get().getStatus();
                    return status == null ? null : Conditions.find(status.conditions(), "Ready").orElse(null);
                }, c -> c != null && c.status() == ConditionStatus.FALSE && reason.equals(c.reason()));
    }

    private static String phase(KubernetesClient client, TestNamespace namespace, String name) {
        return client.resources(FeatureFlag.class).inNamespace(namespace.name()).withName(name).get().getStatus().phase();
    }

    private static boolean enabled(String feature, String tenant) {
        return sdk.isEnabled(feature, UnleashContext.builder().addProperty("tenantId", tenant).build());
    }

    private static String strategies(String feature) {
        return "/api/admin/projects/default/features/" + feature + "/environments/development/strategies";
    }

    private static JsonNode admin(String method, String path, String body) throws Exception {
        HttpResponse<String> response = send(method, path, body);
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isLessThan(300);
        return response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
    }

    private static int status(String method, String path) throws Exception {
        return send(method, path, null).statusCode();
    }

    private static HttpResponse<String> send(String method, String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(unleash.baseUrl() + path))
                .header("Authorization", unleash.adminToken()).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
