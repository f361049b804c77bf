package dev.bulkhead.operator.rollout;

import static dev.bulkhead.operator.rollout.FaultFixture.segment;
import static dev.bulkhead.operator.rollout.Scenario.tenants;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bulkhead.analysis.source.prometheus.PrometheusClient;
import dev.bulkhead.analysis.source.prometheus.PrometheusConfig;
import dev.bulkhead.api.v1alpha1.RolloutStatus;
import dev.bulkhead.operator.events.EventRecorder;
import dev.bulkhead.operator.metrics.RolloutMetrics;
import dev.bulkhead.operator.release.flag.unleash.UnleashFlagStore;
import dev.bulkhead.operator.release.route.TenantMatching;
import dev.bulkhead.operator.release.route.TrafficRouterFactory;
import dev.bulkhead.operator.segmentation.SegmentationReconciler;
import dev.bulkhead.operator.status.Conditions;
import dev.bulkhead.operator.testing.OperatorHarness;
import dev.bulkhead.operator.testing.RefusablePort;
import dev.bulkhead.testbed.Prometheus;
import dev.bulkhead.testbed.ScrapedTenantTraffic;
import dev.bulkhead.testbed.TestNamespace;
import dev.bulkhead.testbed.TestbedExtension;
import dev.bulkhead.testbed.Unleash;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.getunleash.DefaultUnleash;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Fault suite: the operator stops between deciding a withdrawal and applying it (its writes to Unleash refused, then
 * the operator stopped), and a new operator starts while Prometheus is down. The withdrawal was written to status
 * before any exposure changed, so the new operator resumes it from status, and its failing looks re-expose nobody.
 */
@ExtendWith(TestbedExtension.class)
class OperatorRestartFaultIT {

    static final List<String> INTERNAL = List.of("staff", "qa-bot");
    static final List<String> FREE = tenants("free", 8);
    static final List<String> PAYING = tenants("paying", 8);
    static final List<String> ENTERPRISE = tenants("corp", 4);

    static final String PLAN = """
            segments:
              - name: internal
                steps: [{percent: 100, bake: 6s}]
              - name: free
                steps: [{percent: 50, bake: 1h}, {percent: 100, bake: 1h}]
            defaultSteps: [{percent: 50, bake: 1h}, {percent: 100, bake: 1h}]
            """;

    private static final List<AutoCloseable> closing = new ArrayList<>();
    private static final List<String> timings = new ArrayList<>();

    @AfterAll
    static void stop() throws Exception {
        timings.forEach(t -> System.out.println("OperatorRestartFaultIT timing: " + t));
        for (int i = closing.size() - 1; i >= 0; i--) {
            try {
                closing.get(i).close();
            } catch (Exception e) {
                System.out.println("OperatorRestartFaultIT: closing " + closing.get(i) + " failed: " + e);
            }
        }
    }

    @Test
    void aWithdrawalDecidedBeforeACrashIsResumedAfterTheRestartAndNobodyIsReExposed(KubernetesClient client,
            TestNamespace namespace, Prometheus prometheus, Unleash unleash) throws Exception {
        RefusablePort unleashPort = RefusablePort.to(unleash.baseUrl());
        RefusablePort prometheusPort = RefusablePort.to(prometheus.baseUrl());
        closing.add(unleashPort);
        closing.add(prometheusPort);
        DefaultUnleash sdk = Scenario.sdk(unleash, "operator-restart-fault-it");
        closing.add(sdk::shutdown);
        FaultFixture fixture = new FaultFixture(client, namespace.name(), sdk);
        OperatorHarness first = operator(client, namespace, unleashPort.uri(), prometheusPort.uri());
        closing.add(first);
        Scenario.apply(client, namespace, Scenario.segmentation("tiers", INTERNAL, FREE, PAYING, ENTERPRISE));
        Scenario.apply(client, namespace, Scenario.deployment("checkout"));
        String feature = "restart-" + namespace.name();
        List<String> all = new ArrayList<>(INTERNAL);
        all.addAll(FREE);
        all.addAll(PAYING);
        all.addAll(ENTERPRISE);
        closing.add(ScrapedTenantTraffic.of("restart", all).requestsPerSecond(40)
                .exposedWhen(t -> fixture.enabled(feature, t)).errorRate((tenant, exposed) -> 0.0)
                .versions("enabled", "disabled").seededFailures(7).scrapedBy(prometheus));
        Scenario.apply(client, namespace, Scenario.slo("restart-slo", "restart"));
        Scenario.apply(client, namespace, FaultFixture.flagRollout("restart", feature, "restart-slo", PLAN, ""));
        RolloutStatus exposed = await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(300))
                .until(() -> fixture.status("restart"), s -> FaultFixture.percent(s, "free") == 50);
        long freeExposed = segment(exposed, "free").exposedTenants();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(fixture.enabledCount(feature, INTERNAL)).isEqualTo(INTERNAL.size());
            assertThat(fixture.enabledCount(feature, FREE)).isEqualTo(freeExposed);
        });

        // Given an abort decided while the operator cannot reach Unleash, then the operator stopped (a crash before the
        // withdrawal reached Unleash)
        unleashPort.refuse();
        String abort = fixture.ask("restart", "abort", true);
        fixture.applied("restart", "abort", abort, -1, Duration.ofSeconds(30));
        assertThat(fixture.status("restart").phase()).as("the withdrawal is in status first").isEqualTo("RolledBack");
        await().atMost(Duration.ofSeconds(30)).until(() -> Conditions.find(fixture.status("restart").conditions(), "Degraded")
                .map(c -> RolloutConditionReasons.UNLEASH_UNAVAILABLE.equals(c.reason())).orElse(false));
        first.close();
        assertThat(fixture.enabledCount(feature, FREE)).as("not withdrawn yet: the operator never reached Unleash")
                .isEqualTo(freeExposed);

        // When a new operator starts, Unleash reachable again and Prometheus down
        prometheusPort.refuse();
        unleashPort.open();
        long restartedAt = System.nanoTime();
        OperatorHarness second = operator(client, namespace, unleashPort.uri(), prometheusPort.uri());
        closing.add(second);

        // Then it resumes the withdrawal from status, and nobody comes back
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(all).noneMatch(t -> fixture.enabled(feature, t)));
        timings.add(String.format("withdrawal resumed %d ms after the restart (as the SDK sees it)",
                (System.nanoTime() - restartedAt) / 1_000_000));
        await().during(Duration.ofSeconds(15)).atMost(Duration.ofSeconds(25)).pollInterval(Duration.ofMillis(300))
                .untilAsserted(() -> {
                    assertThat(fixture.status("restart").phase()).isEqualTo("RolledBack");
                    assertThat(all).as("re-exposed after the restart").noneMatch(t -> fixture.enabled(feature, t));
                });
        assertThat(FaultFixture.consumed(fixture.rollout("restart"))).extracting(a -> a.id()).containsOnlyOnce(abort);
    }

    private static OperatorHarness operator(KubernetesClient client, TestNamespace namespace, URI unleash, URI prometheus) {
        EventRecorder events = new EventRecorder(client, Clock.systemUTC(), Optional.empty());
        UnleashFlagStore flags = new UnleashFlagStore(unleash, unleashToken, Duration.ofSeconds(2), Duration.ofSeconds(4));
        RolloutReconciler rollouts = new RolloutReconciler(Clock.systemUTC(),
                new AnalysisRound(new PrometheusClient(PrometheusConfig.of(prometheus).withTimeout(Duration.ofSeconds(5)))),
                new RolloutEffects(client, Optional.of(flags), new TrafficRouterFactory(client, TenantMatching.EXACT_ONLY), events),
                new RolloutObservations(client, events), new RolloutMetrics(new SimpleMeterRegistry()));
        return OperatorHarness.start(client, namespace.name(), List.of(new SegmentationReconciler(Clock.systemUTC()), rollouts), 4);
    }

    private static String unleashToken;

    @org.junit.jupiter.api.BeforeAll
    static void token(Unleash unleash) {
        unleashToken = unleash.adminToken();
    }
}
