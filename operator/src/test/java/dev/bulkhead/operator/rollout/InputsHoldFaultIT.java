package dev.bulkhead.operator.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bulkhead.analysis.source.prometheus.PrometheusClient;
import dev.bulkhead.analysis.source.prometheus.PrometheusConfig;
import dev.bulkhead.api.v1alpha1.Condition;
import dev.bulkhead.api.v1alpha1.ConditionStatus;
import dev.bulkhead.api.v1alpha1.Rollout;
import dev.bulkhead.api.v1alpha1.RolloutStatus;
import dev.bulkhead.api.v1alpha1.Segmentation;
import dev.bulkhead.api.v1alpha1.ServiceLevelObjective;
import dev.bulkhead.operator.events.EventRecorder;
import dev.bulkhead.operator.release.route.RouteCrds;
import dev.bulkhead.operator.release.route.RouteExposure;
import dev.bulkhead.operator.release.route.TenantMatching;
import dev.bulkhead.operator.release.route.TrafficRouter;
import dev.bulkhead.operator.release.route.TrafficRouterFactory;
import dev.bulkhead.operator.status.Conditions;
import dev.bulkhead.operator.testing.OperatorHarness;
import dev.bulkhead.testbed.TestNamespace;
import dev.bulkhead.testbed.TestbedExtension;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRuleBuilder;
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
 * Deleting the SLO or the Segmentation of a rollout that exposes tenants never leaves them silently unguarded: the
 * rollout is held with exposure exactly as it was (the route's view), Progressing turns False with
 * {@code HeldInputsMissing} saying that no analysis and no rollback run, a Warning Event says it once, and the rollout
 * resumes when the object is back. The operator runs in-process on the testbed's API server with kwok's ready pods;
 * the analysis interval is long, so one look at an unreachable Prometheus is all the analysis that happens.
 */
@ExtendWith(TestbedExtension.class)
class InputsHoldFaultIT {

    private static final URI NOTHING_LISTENS = URI.create("http://127.0.0.1:1");
    private static final String SEGMENTATION = Scenario.segmentation("tiers", List.of("staff", "qa-bot"), List.of("free-1"),
            List.of("paying-1"), List.of("corp-1"));
    private static OperatorHarness operator;

    @BeforeAll
    static void start(KubernetesClient client, TestNamespace namespace) {
        RouteCrds.installHttpRoute(client);
        EventRecorder events = new EventRecorder(client, Clock.systemUTC(), Optional.empty());
        RolloutReconciler rollouts = new RolloutReconciler(Clock.systemUTC(),
                new AnalysisRound(new PrometheusClient(PrometheusConfig.of(NOTHING_LISTENS))),
                new RolloutEffects(client, Optional.empty(), new TrafficRouterFactory(client, TenantMatching.EXACT_ONLY), events),
                new RolloutObservations(client, events));
        operator = OperatorHarness.start(client, namespace.name(), List.of(rollouts));
        Scenario.apply(client, namespace, SEGMENTATION);
    }

    @AfterAll
    static void stop() {
        if (operator != null) {
            operator.close();
        }
    }

    @Test
    void aDeletedSloOrSegmentationHoldsTheExposureWithAConditionAndTheRolloutResumesWhenItIsBack(KubernetesClient client,
            TestNamespace namespace) {
        String slo = Scenario.slo("held-slo", "held");
        Scenario.apply(client, namespace, slo);
        client.resource(new HTTPRouteBuilder().withNewMetadata().withName("held").withNamespace(namespace.name()).endMetadata()
                .withNewSpec().addNewParentRef().withName("public").endParentRef()
                .addToRules(new HTTPRouteRuleBuilder().addNewBackendRef().withName("held-stable").withPort(80).endBackendRef().build())
                .endSpec().build()).create();
        Scenario.apply(client, namespace, rollout("1.0"));
        await().atMost(Duration.ofSeconds(60)).until(() -> status(client, namespace), s -> s != null && s.stableRevision() != null);
        Scenario.apply(client, namespace, rollout("2.0"));
        TrafficRouter router = new TrafficRouterFactory(client, TenantMatching.EXACT_ONLY)
                .routerFor(namespace.name(), get(client, namespace).getSpec().release().route(), "X-Tenant-Id");
        RouteExposure exposed = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
                .until(() -> router.observe().exposure(), e -> e.routesToCanary("staff") && e.routesToCanary("qa-bot"));

        // The SLO goes: held, exposure as it was, one Warning Event.
        java.time.Instant deleted = java.time.Instant.now();
        client.resources(ServiceLevelObjective.class).inNamespace(namespace.name()).withName("held-slo").delete();
        Condition held = awaitProgressing(client, namespace, c -> RolloutConditionReasons.HELD_INPUTS_MISSING.equals(c.reason()));
        figure("held after the SLO was deleted", deleted);
        assertThat(held.status()).isEqualTo(ConditionStatus.FALSE);
        assertThat(held.message()).contains("ServiceLevelObjective held-slo does not exist").contains("internal")
                .contains("no automatic rollback can happen");
        assertThat(router.observe().exposure()).as("exposure kept as it is").isEqualTo(exposed);
        assertThat(Scenario.segment(status(client, namespace), "internal").exposedPercent()).isEqualTo(100);
        await().atMost(Duration.ofSeconds(10)).until(() -> warnings(client, namespace).size() == 1);

        // The SLO is back: the rollout resumes.
        java.time.Instant back = java.time.Instant.now();
        Scenario.apply(client, namespace, slo);
        awaitProgressing(client, namespace, c -> !RolloutConditionReasons.HELD_INPUTS_MISSING.equals(c.reason()));
        figure("resumed after the SLO was back", back);
        assertThat(Conditions.isTrue(status(client, namespace).conditions(), "Ready")).isTrue();
        assertThat(router.observe().exposure()).isEqualTo(exposed);

        // The same for the Segmentation.
        deleted = java.time.Instant.now();
        client.resources(Segmentation.class).inNamespace(namespace.name()).withName("tiers").delete();
        held = awaitProgressing(client, namespace, c -> RolloutConditionReasons.HELD_INPUTS_MISSING.equals(c.reason()));
        figure("held after the Segmentation was deleted", deleted);
        assertThat(held.message()).contains("Segmentation tiers does not exist");
        assertThat(router.observe().exposure()).isEqualTo(exposed);
        await().atMost(Duration.ofSeconds(10)).until(() -> warnings(client, namespace).size() == 2);
        back = java.time.Instant.now();
        Scenario.apply(client, namespace, SEGMENTATION);
        awaitProgressing(client, namespace, c -> !RolloutConditionReasons.HELD_INPUTS_MISSING.equals(c.reason()));
        figure("resumed after the Segmentation was back", back);
        assertThat(router.observe().exposure()).isEqualTo(exposed);
        assertThat(warnings(client, namespace)).as("one Warning Event per hold, not one per retry").hasSize(2);
    }

    /** For docs/benchmarks.md (Reliability); the 300 ms poll is the resolution. Never asserted. */
    private static void figure(String what, java.time.Instant since) {
        System.out.printf("InputsHoldFaultIT figure: %s in %d ms%n", what, Duration.between(since, java.time.Instant.now()).toMillis());
    }

    private static String rollout(String tag) {
        return RouteRolloutIT.rollout("held", tag).replace("interval: 5s", "interval: 10m");
    }

    private static List<Event> warnings(KubernetesClient client, TestNamespace namespace) {
        return client.v1().events().inNamespace(namespace.name()).list().getItems().stream()
                .filter(e -> "held".equals(e.getInvolvedObject().getName()) && "Warning".equals(e.getType())
                        && RolloutConditionReasons.HELD_INPUTS_MISSING.equals(e.getReason()))
                .toList();
    }

    private static Rollout get(KubernetesClient client, TestNamespace namespace) {
        return client.resources(Rollout.class).inNamespace(namespace.name()).withName("held").get();
    }

    private static RolloutStatus status(KubernetesClient client, TestNamespace namespace) {
        return get(client, namespace).getStatus();
    }

    private static Condition awaitProgressing(KubernetesClient client, TestNamespace namespace, Predicate<Condition> until) {
        return await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(300))
                .until(() -> Optional.ofNullable(status(client, namespace))
                        .flatMap(s -> Conditions.find(s.conditions(), "Progressing")).orElse(null), c -> c != null && until.test(c));
    }
}
