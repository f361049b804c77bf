package dev.bulkhead.operator.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bulkhead.analysis.source.prometheus.PrometheusClient;
import dev.bulkhead.analysis.source.prometheus.PrometheusConfig;
import dev.bulkhead.api.v1alpha1.Condition;
import dev.bulkhead.api.v1alpha1.ConditionStatus;
import dev.bulkhead.api.v1alpha1.Rollout;
import dev.bulkhead.operator.events.EventRecorder;
import dev.bulkhead.operator.release.route.RouteCrds;
import dev.bulkhead.operator.release.route.TenantMatching;
import dev.bulkhead.operator.release.route.TrafficRouterFactory;
import dev.bulkhead.operator.status.Conditions;
import dev.bulkhead.operator.testing.OperatorHarness;
import dev.bulkhead.testbed.TestNamespace;
import dev.bulkhead.testbed.TestbedExtension;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRuleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A Rollout author cannot take over objects that are not theirs: a Service or Deployment of the name a Rollout would
 * write, made by someone else (by hand, or by another Rollout), is left exactly as it was, and the Rollout is held
 * with a condition naming the object and what to do. The Rollout's own Services are written only when they differ
 * from what it wants. The operator runs in-process on the testbed's API server; analysis is never reached.
 */
@ExtendWith(TestbedExtension.class)
class OwnershipFaultIT {

    private static final URI NOTHING_LISTENS = URI.create("http://127.0.0.1:1");
    private static final Map<String, AtomicInteger> RECONCILES = new java.util.concurrent.ConcurrentHashMap<>();
    private static OperatorHarness operator;

    /** Counts reconciles, so a test can wait for some to have happened instead of sleeping. */
    static final class CountingRolloutReconciler extends RolloutReconciler {
        CountingRolloutReconciler(KubernetesClient client) {
            super(Clock.systemUTC(), new AnalysisRound(new PrometheusClient(PrometheusConfig.of(NOTHING_LISTENS))),
                    new RolloutEffects(client, Optional.empty(), new TrafficRouterFactory(client, TenantMatching.EXACT_ONLY),
                            new EventRecorder(client, Clock.systemUTC(), Optional.empty())),
                    new RolloutObservations(client, new EventRecorder(client, Clock.systemUTC(), Optional.empty())));
        }

        @Override
        public UpdateControl<Rollout> reconcile(Rollout rollout, Context<Rollout> context) {
            RECONCILES.computeIfAbsent(rollout.getMetadata().getName(), n -> new AtomicInteger()).incrementAndGet();
            return super.reconcile(rollout, context);
        }
    }

    @BeforeAll
    static void start(KubernetesClient client, TestNamespace namespace) {
        RouteCrds.installHttpRoute(client);
        operator = OperatorHarness.start(client, namespace.name(), List.of(new CountingRolloutReconciler(client)));
        Scenario.apply(client, namespace, Scenario.segmentation("tiers", List.of("staff"), List.of("free-1"),
                List.of("paying-1"), List.of("corp-1")));
    }

    @AfterAll
    static void stop() {
        if (operator != null) {
            operator.close();
        }
    }

    @Test
    void aRolloutNamingAServiceItDoesNotControlIsHeldAndTheServiceStaysAsItWas(KubernetesClient client, TestNamespace namespace) {
        Service legacy = client.resource(new ServiceBuilder().withNewMetadata().withName("legacy-api")
                .withNamespace(namespace.name()).addToLabels("team", "payments").endMetadata()
                .withNewSpec().addToSelector("app", "legacy").addNewPort().withName("web").withPort(80)
                .withNewTargetPort(9000).endPort().endSpec().build()).create();

        givenRollout(client, namespace, "grabber", "legacy-api", "grabber-canary");

        Condition ready = awaitCondition(client, namespace, "grabber", "Ready", c -> c.status() == ConditionStatus.FALSE);
        assertThat(ready.reason()).isEqualTo(RolloutConditionReasons.OBJECT_NOT_OWNED);
        assertThat(ready.message()).contains("spec.release.route.stableService.name")
                .contains("Service " + namespace.name() + "/legacy-api").contains("controlled by nobody")
                .contains("leaves it untouched");
        Service after = client.services().inNamespace(namespace.name()).withName("legacy-api").get();
        assertThat(after.getMetadata().getResourceVersion()).as("never written").isEqualTo(legacy.getMetadata().getResourceVersion());
        assertThat(after.getMetadata().getOwnerReferences()).isEmpty();
        assertThat(after.getSpec().getSelector()).isEqualTo(Map.of("app", "legacy"));
        assertThat(deployment(client, namespace, "grabber-stable")).as("nothing is run while held").isNull();
        assertThat(deployment(client, namespace, "grabber-canary")).isNull();
        assertThat(client.services().inNamespace(namespace.name()).withName("grabber-canary").get()).isNull();
    }

    @Test
    void aRolloutWhoseDeploymentNameIsTakenIsHeldAndResumesOnceTheDeploymentIsGone(KubernetesClient client, TestNamespace namespace) {
        Scenario.apply(client, namespace, Scenario.deployment("taken-stable"));
        Deployment theirs = deployment(client, namespace, "taken-stable");

        givenRollout(client, namespace, "taken", "taken-stable-svc", "taken-canary-svc");

        Condition ready = awaitCondition(client, namespace, "taken", "Ready", c -> c.status() == ConditionStatus.FALSE);
        assertThat(ready.reason()).isEqualTo(RolloutConditionReasons.OBJECT_NOT_OWNED);
        assertThat(ready.message()).contains("Deployment " + namespace.name() + "/taken-stable");
        Deployment after = deployment(client, namespace, "taken-stable");
        assertThat(after.getMetadata().getOwnerReferences()).isEmpty();
        assertThat(after.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo(theirs.getSpec().getTemplate().getSpec().getContainers().get(0).getImage());
        assertThat(after.getSpec().getSelector().getMatchLabels()).isEqualTo(Map.of("app", "taken-stable"));

        client.resource(after).withGracePeriod(0).delete();

        // Nothing watches a Deployment that is not Bulkhead's: the held rollout notices at its next retry (30 s).
        awaitCondition(client, namespace, "taken", "Ready", c -> c.status() == ConditionStatus.TRUE, Duration.ofSeconds(75));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(deployment(client, namespace, "taken-stable"))
                .as("the Rollout's own stable Deployment").isNotNull()
                .satisfies(d -> assertThat(Ownership.controlledBy(d, rollout(client, namespace, "taken"))).isTrue()));
    }

    @Test
    void anotherRolloutsServiceStaysWithItsOwnerAndOwnServicesAreWrittenOnlyWhenTheyDiffer(KubernetesClient client,
            TestNamespace namespace) {
        givenRollout(client, namespace, "first", "first-stable", "first-canary");
        Service first = await().atMost(Duration.ofSeconds(30)).until(
                () -> client.services().inNamespace(namespace.name()).withName("first-stable").get(),
                s -> s != null && Ownership.controlledBy(s, rollout(client, namespace, "first")));

        givenRollout(client, namespace, "second", "first-stable", "second-canary");

        Condition ready = awaitCondition(client, namespace, "second", "Ready", c -> c.status() == ConditionStatus.FALSE);
        assertThat(ready.reason()).isEqualTo(RolloutConditionReasons.OBJECT_NOT_OWNED);
        assertThat(ready.message()).contains("Service " + namespace.name() + "/first-stable").contains("controlled by Rollout first");
        assertThat(Ownership.controlledBy(client.services().inNamespace(namespace.name()).withName("first-stable").get(),
                rollout(client, namespace, "first"))).as("still the first Rollout's").isTrue();

        // A hand edit of the first Rollout's own Service is a difference: it is put back.
        client.services().inNamespace(namespace.name()).withName("first-stable")
                .edit(s -> new ServiceBuilder(s).editSpec().addToSelector("hand", "edit").endSpec().build());
        Service restored = await().atMost(Duration.ofSeconds(30)).until(
                () -> client.services().inNamespace(namespace.name()).withName("first-stable").get(),
                s -> s.getSpec().getSelector().equals(first.getSpec().getSelector()));

        // No difference, no write: several reconciles later the Service is the same object version.
        int seen = RECONCILES.get("first").get();
        await().atMost(Duration.ofSeconds(60)).until(() -> RECONCILES.get("first").get() >= seen + 4);
        assertThat(client.services().inNamespace(namespace.name()).withName("first-stable").get().getMetadata()
                .getResourceVersion()).isEqualTo(restored.getMetadata().getResourceVersion());
    }

    private static void givenRollout(KubernetesClient client, TestNamespace namespace, String name, String stableService,
            String canaryService) {
        Scenario.apply(client, namespace, Scenario.slo(name + "-slo", name));
        client.resource(new HTTPRouteBuilder().withNewMetadata().withName(name).withNamespace(namespace.name()).endMetadata()
                .withNewSpec().addNewParentRef().withName("public").endParentRef()
                .addToRules(new HTTPRouteRuleBuilder().addNewBackendRef().withName(stableService).withPort(80).endBackendRef().build())
                .endSpec().build()).create();
        Scenario.apply(client, namespace, RouteRolloutIT.rollout(name, "1.0")
                .replace("stableService: {name: " + name + "-stable}", "stableService: {name: " + stableService + "}")
                .replace("canaryService: {name: " + name + "-canary}", "canaryService: {name: " + canaryService + "}"));
    }

    private static Rollout rollout(KubernetesClient client, TestNamespace namespace, String name) {
        return client.resources(Rollout.class).inNamespace(namespace.name()).withName(name).get();
    }

    private static Deployment deployment(KubernetesClient client, TestNamespace namespace, String name) {
        return client.apps().deployments().inNamespace(namespace.name()).withName(name).get();
    }

    private static Condition awaitCondition(KubernetesClient client, TestNamespace namespace, String name, String type,
            Predicate<Condition> until) {
        return awaitCondition(client, namespace, name, type, until, Duration.ofSeconds(30));
    }

    private static Condition awaitCondition(KubernetesClient client, TestNamespace namespace, String name, String type,
            Predicate<Condition> until, Duration within) {
        return await().atMost(within).pollInterval(Duration.ofMillis(300))
                .until(() -> Optional.ofNullable(rollout(client, namespace, name).getStatus())
                        .flatMap(s -> Conditions.find(s.conditions(), type)).orElse(null), c -> c != null && until.test(c));
    }
}
