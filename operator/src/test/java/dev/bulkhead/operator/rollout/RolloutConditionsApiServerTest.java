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
import dev.bulkhead.operator.release.flag.unleash.UnleashFlagStore;
import dev.bulkhead.operator.release.route.TenantMatching;
import dev.bulkhead.operator.release.route.TrafficRouterFactory;
import dev.bulkhead.operator.status.Conditions;
import dev.bulkhead.operator.testing.OperatorHarness;
import dev.bulkhead.testbed.TestNamespace;
import dev.bulkhead.testbed.TestbedExtension;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What only the operator can judge surfaces as a condition with a clear reason, and nobody is exposed: a missing SLO,
 * a missing Segmentation, an Unleash that cannot be reached. Prometheus and Unleash are pointed at a closed port.
 */
@ExtendWith(TestbedExtension.class)
class RolloutConditionsApiServerTest {

    private static final URI NOTHING_LISTENS = URI.create("http://127.0.0.1:1");
    private static OperatorHarness operator;

    @BeforeAll
    static void start(KubernetesClient client, TestNamespace namespace) {
        EventRecorder events = new EventRecorder(client, Clock.systemUTC(), Optional.empty());
        RolloutReconciler rollouts = new RolloutReconciler(Clock.systemUTC(),
                new AnalysisRound(new PrometheusClient(PrometheusConfig.of(NOTHING_LISTENS))),
                new RolloutEffects(client, Optional.of(new UnleashFlagStore(NOTHING_LISTENS, "*:*.token",
                        Duration.ofSeconds(1), Duration.ofSeconds(2))), new TrafficRouterFactory(client, TenantMatching.EXACT_ONLY), events),
                new RolloutObservations(client, events));
        operator = OperatorHarness.start(client, namespace.name(), List.of(rollouts));
        Scenario.apply(client, namespace, Scenario.segmentation("tiers", List.of("staff"), List.of("free-1"),
                List.of("paying-1"), List.of("corp-1")));
        Scenario.apply(client, namespace, Scenario.slo("checkout", "demo"));
    }

    @AfterAll
    static void stop() {
        if (operator != null) {
            operator.close();
        }
    }

    @Test
    void aMissingSloIsNotReadyWithTheFieldPathAndExposesNobody(KubernetesClient client, TestNamespace namespace) {
        Scenario.apply(client, namespace, Scenario.flagRollout("no-slo", "no-slo", "absent"));

        Condition ready = awaitCondition(client, namespace, "no-slo", "Ready", c -> c.status() == ConditionStatus.FALSE);

        assertThat(ready.reason()).isEqualTo(RolloutConditionReasons.SLO_NOT_FOUND);
        assertThat(ready.message()).contains("spec.analysis.sloRefs[0]").contains("absent").contains("nobody is exposed");
        assertNobodyExposed(client, namespace, "no-slo");
    }

    @Test
    void aMissingSegmentationIsNotReadyAndExposesNobody(KubernetesClient client, TestNamespace namespace) {
        Scenario.apply(client, namespace, Scenario.flagRollout("no-segmentation", "no-segmentation", "checkout")
                .replace("segmentationRef: {name: tiers}", "segmentationRef: {name: nowhere}"));

        Condition ready = awaitCondition(client, namespace, "no-segmentation", "Ready", c -> c.status() == ConditionStatus.FALSE);

        assertThat(ready.reason()).isEqualTo(RolloutConditionReasons.SEGMENTATION_NOT_FOUND);
        assertThat(ready.message()).contains("spec.segmentationRef").contains("nowhere");
        assertNobodyExposed(client, namespace, "no-segmentation");
    }

    @Test
    void unleashOutOfReachIsDegradedAndTheRolloutClaimsNoExposure(KubernetesClient client, TestNamespace namespace) {
        Scenario.apply(client, namespace, Scenario.flagRollout("no-unleash", "no-unleash", "checkout"));

        Condition degraded = awaitCondition(client, namespace, "no-unleash", "Degraded", c -> c.status() == ConditionStatus.TRUE);

        assertThat(degraded.reason()).isEqualTo(RolloutConditionReasons.UNLEASH_UNAVAILABLE);
        assertThat(degraded.message()).doesNotContain("*:*.token");
        assertNobodyExposed(client, namespace, "no-unleash");
    }

    @Test
    void aRouteReleaseCannotExposeAPercentageOfTheDefaultSegment(KubernetesClient client, TestNamespace namespace) {
        Scenario.apply(client, namespace, """
                apiVersion: bulkhead.dev/v1alpha1
                kind: Segmentation
                metadata: {name: with-rest}
                spec:
                  segments:
                    - {name: internal, tenants: [staff]}
                    - {name: rest, default: true}
                ---
                apiVersion: bulkhead.dev/v1alpha1
                kind: Rollout
                metadata: {name: routed-rest}
                spec:
                  segmentationRef: {name: with-rest}
                  workload:
                    template:
                      metadata: {labels: {app: shop}}
                      spec: {containers: [{name: shop, image: shop:1}]}
                  release:
                    route:
                      gatewayAPI: {httpRoute: {name: shop}}
                      stableService: {name: shop-stable}
                      canaryService: {name: shop-canary}
                  analysis: {sloRefs: [{name: checkout}]}
                """);

        Condition ready = awaitCondition(client, namespace, "routed-rest", "Ready", c -> c.status() == ConditionStatus.FALSE);

        assertThat(ready.reason()).isEqualTo(RolloutConditionReasons.INVALID_SPEC);
        assertThat(ready.message()).contains("default segment 'rest'").contains("[{percent: 100}]").contains("release by flag");
        assertNobodyExposed(client, namespace, "routed-rest");
    }

    @Test
    void aMissingRouteIsDegradedAndNobodyIsRouted(KubernetesClient client, TestNamespace namespace) {
        Scenario.apply(client, namespace, """
                apiVersion: bulkhead.dev/v1alpha1
                kind: Rollout
                metadata: {name: no-route}
                spec:
                  segmentationRef: {name: tiers}
                  workload:
                    template:
                      metadata: {labels: {app: shop}}
                      spec: {containers: [{name: shop, image: shop:1}]}
                  release:
                    route:
                      gatewayAPI: {httpRoute: {name: nowhere}}
                      stableService: {name: shop-stable}
                      canaryService: {name: shop-canary}
                  analysis: {sloRefs: [{name: checkout}]}
                """);

        Condition degraded = awaitCondition(client, namespace, "no-route", "Degraded", c -> c.status() == ConditionStatus.TRUE);

        assertThat(degraded.reason()).isEqualTo(RolloutConditionReasons.ROUTE_NOT_APPLIED);
        assertThat(degraded.message()).contains("nowhere");
        assertNobodyExposed(client, namespace, "no-route");
    }

    private static void assertNobodyExposed(KubernetesClient client, TestNamespace namespace, String name) {
        RolloutStatus status = client.resources(Rollout.class).inNamespace(namespace.name()).withName(name).get().getStatus();
        assertThat(status.segments() == null ? List.<SegmentStatus>of() : status.segments())
                .allSatisfy(s -> assertThat(s.exposedPercent()).as(s.name()).isZero());
    }

    private static Condition awaitCondition(KubernetesClient client, TestNamespace namespace, String name, String type,
            Predicate<Condition> wanted) {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
                .until(() -> Optional.ofNullable(client.resources(Rollout.class).inNamespace(namespace.name()).withName(name)
                                .get().getStatus()).flatMap(s -> Conditions.find(s.conditions(), type)).orElse(null),
                        c -> c != null && wanted.test(c));
    }
}
