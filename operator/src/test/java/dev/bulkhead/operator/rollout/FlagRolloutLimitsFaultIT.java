package dev.bulkhead.operator.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bulkhead.analysis.source.prometheus.PrometheusClient;
import dev.bulkhead.analysis.source.prometheus.PrometheusConfig;
import dev.bulkhead.api.v1alpha1.Condition;
import dev.bulkhead.api.v1alpha1.ConditionStatus;
import dev.bulkhead.api.v1alpha1.Rollout;
import dev.bulkhead.api.v1alpha1.RolloutStatus;
import dev.bulkhead.api.v1alpha1.SegmentStatus;
import dev.bulkhead.operator.events.EventRecorder;
import dev.bulkhead.operator.release.flag.FlagLocation;
import dev.bulkhead.operator.release.flag.unleash.UnleashFlagStore;
import dev.bulkhead.operator.release.route.TenantMatching;
import dev.bulkhead.operator.release.route.TrafficRouterFactory;
import dev.bulkhead.operator.segmentation.SegmentationReconciler;
import dev.bulkhead.operator.status.Conditions;
import dev.bulkhead.operator.testing.OperatorHarness;
import dev.bulkhead.testbed.TestNamespace;
import dev.bulkhead.testbed.TestbedExtension;
import dev.bulkhead.testbed.Unleash;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.getunleash.DefaultUnleash;
import io.getunleash.UnleashContext;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Fault: a Rollout released by flag whose first segment lists more tenants than one Unleash constraint takes (300), or
 * more than Unleash can hold as an {@code IN} list at its default limits (100,000). Promise: the 300 are exposed
 * exactly (as the Unleash SDK sees them); the 100,000 are a permanent {@code UnleashRejected} naming the limit, with
 * nothing written, instead of a transient {@code UnleashUnavailable} retried every 10 s. Prometheus is a closed port:
 * the first step of a flag release is exposed before any look, and no look can pass, so the rollout stays there.
 */
@ExtendWith(TestbedExtension.class)
class FlagRolloutLimitsFaultIT {

    private static final URI NOTHING_LISTENS = URI.create("http://127.0.0.1:1");
    private static OperatorHarness operator;
    private static DefaultUnleash sdk;
    private static UnleashFlagStore store;

    @BeforeAll
    static void start(KubernetesClient client, TestNamespace namespace, Unleash unleash) {
        EventRecorder events = new EventRecorder(client, Clock.systemUTC(), Optional.empty());
        store = new UnleashFlagStore(unleash.baseUrl(), unleash.adminToken(), Duration.ofSeconds(2), Duration.ofSeconds(30));
        RolloutReconciler rollouts = new RolloutReconciler(Clock.systemUTC(),
                new AnalysisRound(new PrometheusClient(PrometheusConfig.of(NOTHING_LISTENS))),
                new RolloutEffects(client, Optional.of(store), new TrafficRouterFactory(client, TenantMatching.EXACT_ONLY),
                        events),
                new RolloutObservations(client, events));
        operator = OperatorHarness.start(client, namespace.name(),
                List.of(new SegmentationReconciler(Clock.systemUTC()), rollouts));
        Scenario.apply(client, namespace, Scenario.deployment("checkout"));
        Scenario.apply(client, namespace, Scenario.slo("checkout", "demo"));
        sdk = Scenario.sdk(unleash, "flag-rollout-limits-fault-it");
    }

    @AfterAll
    static void stop(KubernetesClient client, TestNamespace namespace) {
        if (sdk != null) {
            sdk.shutdown();
        }
        if (operator != null) {
            client.resources(Rollout.class).inNamespace(namespace.name()).delete();
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    client.resources(Rollout.class).inNamespace(namespace.name()).list().getItems().isEmpty());
            operator.close();
        }
    }

    @Test
    void aThreeHundredTenantSegmentIsReleasedByFlagAndTheSdkSeesExactlyIt(KubernetesClient client,
            TestNamespace namespace) {
        List<String> internal = Scenario.tenants("staff", 300);
        Scenario.apply(client, namespace, Scenario.segmentation("tiers", internal, List.of("free-1"),
                List.of("paying-1"), List.of("corp-1")));
        String feature = "limits-300-" + namespace.name();

        Scenario.apply(client, namespace, holding(Scenario.flagRollout("r300", feature, "checkout", "1h",
                "[{percent: 100, bake: 1h}]")));

        List<String> outside = List.of("free-1", "paying-1", "corp-1", "stranger", "staff-0", "staff-301", "staff-");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            assertThat(internal.stream().filter(t -> !enabled(feature, t)).limit(5)).as("internal tenants off").isEmpty();
            assertThat(outside.stream().filter(t -> enabled(feature, t))).as("others on").isEmpty();
        });
        RolloutStatus status = client.resources(Rollout.class).inNamespace(namespace.name()).withName("r300").get()
                .getStatus();
        // Degraded may say AnalysisFailing (Prometheus is a closed port), never that Unleash failed.
        assertThat(Conditions.find(status.conditions(), "Degraded").orElseThrow().reason())
                .isNotIn(RolloutConditionReasons.UNLEASH_REJECTED, RolloutConditionReasons.UNLEASH_UNAVAILABLE);
        assertThat(Scenario.segment(status, "internal").exposedPercent()).isEqualTo(100);
        assertThat(store.observe(new FlagLocation("default", "development", feature)).orElseThrow().managed())
                .as("one Bulkhead strategy, read back from its two Unleash parts")
                .singleElement().satisfies(s -> assertThat(s.constraint().tenants()).hasSize(300));
    }

    @Test
    void aHundredThousandTenantSegmentIsRejectedNamingTheLimitWithNothingWritten(KubernetesClient client,
            TestNamespace namespace) {
        List<String> huge = IntStream.range(0, 100_000).mapToObj(i -> String.format("h%06d", i)).toList();
        client.configMaps().inNamespace(namespace.name()).resource(new ConfigMapBuilder().withNewMetadata()
                .withName("huge-tenants").endMetadata().addToData("tenants", String.join("\n", huge)).build()).create();
        Scenario.apply(client, namespace, """
                apiVersion: bulkhead.dev/v1alpha1
                kind: Segmentation
                metadata: {name: huge}
                spec:
                  segments:
                    - {name: internal, tenantsFrom: {configMapRef: {name: huge-tenants, key: tenants}}}
                    - {name: free, tenants: [free-1]}
                """);
        String feature = "limits-100k-" + namespace.name();

        Scenario.apply(client, namespace, holding(Scenario.flagRollout("r100k", feature, "checkout", "1h",
                "[{percent: 100, bake: 1h}]")).replace("segmentationRef: {name: tiers}", "segmentationRef: {name: huge}"));

        Condition degraded = awaitCondition(client, namespace, "r100k", "Degraded",
                c -> c.status() == ConditionStatus.TRUE);
        assertThat(degraded.reason()).isEqualTo(RolloutConditionReasons.UNLEASH_REJECTED);
        assertThat(degraded.message()).contains("need 400 Unleash strategies").contains("allows 30 per environment")
                .contains("UNLEASH_CONSTRAINT_VALUES_LIMIT").contains("nothing was written");
        // Permanent: it stays Rejected (not flipping to UnleashUnavailable), the status claims no exposure and Unleash
        // has no feature.
        await().during(Duration.ofSeconds(12)).atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Condition now = condition(client, namespace, "r100k", "Degraded").orElseThrow();
            assertThat(now.reason()).isEqualTo(RolloutConditionReasons.UNLEASH_REJECTED);
            assertThat(now.lastTransitionTime()).isEqualTo(degraded.lastTransitionTime());
        });
        RolloutStatus status = client.resources(Rollout.class).inNamespace(namespace.name()).withName("r100k").get()
                .getStatus();
        assertThat(status.segments() == null ? List.<SegmentStatus>of() : status.segments())
                .allSatisfy(s -> assertThat(s.exposedPercent()).as(s.name()).isZero());
        assertThat(store.observe(new FlagLocation("default", "development", feature))).isEmpty();
    }

    /**
     * The rollout holds its first step: a look every 10 minutes and a high error limit, so the unreachable Prometheus
     * does not roll it back while the test reads what the SDK sees.
     */
    private static String holding(String rollout) {
        return rollout.replace("interval: 5s", "interval: 10m") + "  rollback: {consecutiveErrorLimit: 1000}\n";
    }

    private static boolean enabled(String feature, String tenant) {
        return sdk.isEnabled(feature, UnleashContext.builder().addProperty("tenantId", tenant).build());
    }

    private static Optional<Condition> condition(KubernetesClient client, TestNamespace namespace, String name,
            String type) {
        return Optional.ofNullable(client.resources(Rollout.class).inNamespace(namespace.name()).withName(name).get()
                .getStatus()).flatMap(s -> Conditions.find(s.conditions(), type));
    }

    private static Condition awaitCondition(KubernetesClient client, TestNamespace namespace, String name, String type,
            Predicate<Condition> wanted) {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
                .until(() -> condition(client, namespace, name, type).orElse(null), c -> c != null && wanted.test(c));
    }
}
