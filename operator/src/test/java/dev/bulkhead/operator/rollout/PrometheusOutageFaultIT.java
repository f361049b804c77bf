package dev.bulkhead.operator.rollout;

import static dev.bulkhead.operator.rollout.FaultFixture.segment;
import static dev.bulkhead.operator.rollout.Scenario.tenants;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bulkhead.analysis.source.prometheus.PrometheusClient;
import dev.bulkhead.analysis.source.prometheus.PrometheusConfig;
import dev.bulkhead.api.v1alpha1.Condition;
import dev.bulkhead.api.v1alpha1.ConditionStatus;
import dev.bulkhead.api.v1alpha1.RolloutStatus;
import dev.bulkhead.engine.RolloutReasons;
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
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.getunleash.DefaultUnleash;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Fault suite: Prometheus refuses connections mid-rollout (its port closed in front of the real server). Missing
 * evidence is no evidence: the rollout holds with a condition that says so, released segments and the step in progress
 * keep their exposure (as Unleash's SDK sees it), nothing new is exposed, and the rollout goes on once Prometheus
 * answers again. Past the outage budget, {@code onAnalysisError: rollback} withdraws only the step in progress.
 */
@ExtendWith(TestbedExtension.class)
class PrometheusOutageFaultIT {

    static final List<String> INTERNAL = List.of("staff", "qa-bot");
    static final List<String> FREE = tenants("free", 8);
    static final List<String> PAYING = tenants("paying", 8);
    static final List<String> ENTERPRISE = tenants("corp", 4);

    /** free's first step bakes 40 s: the outage starts right after it begins and lasts longer. */
    static final String PLAN = """
            segments:
              - name: internal
                steps: [{percent: 100, bake: 6s}]
              - name: free
                steps: [{percent: 50, bake: 40s}, {percent: 100, bake: 1h}]
            defaultSteps: [{percent: 50, bake: 1h}, {percent: 100, bake: 1h}]
            """;

    private static OperatorHarness operator;
    private static DefaultUnleash sdk;
    private static FaultFixture fixture;
    private static RefusablePort prometheusPort;
    private static final List<AutoCloseable> closing = new ArrayList<>();
    private static final List<String> timings = new ArrayList<>();

    @BeforeAll
    static void start(KubernetesClient client, TestNamespace namespace, Prometheus prometheus, Unleash unleash) {
        prometheusPort = RefusablePort.to(prometheus.baseUrl());
        EventRecorder events = new EventRecorder(client, Clock.systemUTC(), Optional.empty());
        UnleashFlagStore flags = new UnleashFlagStore(unleash.baseUrl(), unleash.adminToken(), Duration.ofSeconds(5), Duration.ofSeconds(10));
        RolloutReconciler rollouts = new RolloutReconciler(Clock.systemUTC(),
                new AnalysisRound(new PrometheusClient(PrometheusConfig.of(prometheusPort.uri()).withTimeout(Duration.ofSeconds(5)))),
                new RolloutEffects(client, Optional.of(flags), new TrafficRouterFactory(client, TenantMatching.EXACT_ONLY), events),
                new RolloutObservations(client, events), new RolloutMetrics(new SimpleMeterRegistry()));
        operator = OperatorHarness.start(client, namespace.name(), List.of(new SegmentationReconciler(Clock.systemUTC()), rollouts), 4);
        Scenario.apply(client, namespace, Scenario.segmentation("tiers", INTERNAL, FREE, PAYING, ENTERPRISE));
        Scenario.apply(client, namespace, Scenario.deployment("checkout"));
        sdk = Scenario.sdk(unleash, "prometheus-outage-fault-it");
        fixture = new FaultFixture(client, namespace.name(), sdk);
    }

    @AfterEach
    void prometheusAnswersAgain() throws Exception {
        prometheusPort.open();
    }

    @AfterAll
    static void stop() throws Exception {
        timings.forEach(t -> System.out.println("PrometheusOutageFaultIT timing: " + t));
        for (AutoCloseable c : closing) {
            c.close();
        }
        if (sdk != null) {
            sdk.shutdown();
        }
        if (operator != null) {
            operator.close();
        }
        if (prometheusPort != null) {
            prometheusPort.close();
        }
    }

    @Test
    void anOutageHoldsTheRolloutKeepsEveryExposureAndTheRolloutGoesOnWhenPrometheusIsBack(KubernetesClient client,
            TestNamespace namespace, Prometheus prometheus) throws Exception {
        String feature = "outage-" + namespace.name();
        closing.add(traffic(prometheus, "outage", feature));
        Scenario.apply(client, namespace, Scenario.slo("outage-slo", "outage"));
        Scenario.apply(client, namespace, FaultFixture.flagRollout("outage", feature, "outage-slo", PLAN, ""));
        RolloutStatus before = await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(300))
                .until(() -> fixture.status("outage"), s -> FaultFixture.percent(s, "free") == 50);
        int freeExposed = segment(before, "free").exposedTenants();
        awaitExposure(feature, INTERNAL.size(), freeExposed);

        // When Prometheus refuses connections
        long refusedAt = System.nanoTime();
        prometheusPort.refuse();

        // Then the rollout holds, and says why
        Condition degraded = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> condition("outage", "Degraded"), c -> c != null && c.status() == ConditionStatus.TRUE
                        && RolloutConditionReasons.ANALYSIS_FAILING.equals(c.reason()));
        await().atMost(Duration.ofSeconds(10)).until(() -> condition("outage", "Progressing"),
                c -> RolloutReasons.ANALYSIS_UNAVAILABLE.equals(c.reason()));
        timings.add(String.format("hold (Degraded AnalysisFailing) %d ms after the port closed", (System.nanoTime() - refusedAt) / 1_000_000));
        assertThat(degraded.message()).contains("free");

        // and keeps it for more looks than consecutiveErrorLimit (4 looks of 5 s rolled back before): nobody is pulled
        // back, nobody new is exposed
        await().during(Duration.ofSeconds(35)).atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    RolloutStatus held = fixture.status("outage");
                    assertThat(held.phase()).isEqualTo("Progressing");
                    assertThat(segment(held, "internal").state()).isEqualTo("Released");
                    assertThat(segment(held, "internal").exposedPercent()).isEqualTo(100);
                    assertThat(segment(held, "free").exposedPercent()).isEqualTo(50);
                    assertThat(fixture.enabledCount(feature, INTERNAL)).as("internal tenants with the flag").isEqualTo(INTERNAL.size());
                    assertThat(fixture.enabledCount(feature, FREE)).as("free tenants with the flag").isEqualTo(freeExposed);
                    assertThat(fixture.enabledCount(feature, PAYING)).as("paying tenants with the flag").isZero();
                });
        RolloutStatus held = fixture.status("outage");
        assertThat(segment(held, "free").verdict()).isEqualTo("Error");
        assertThat(warnings("outage", RolloutReasons.ANALYSIS_UNAVAILABLE)).as("the hold is announced once").hasSize(1);

        // When Prometheus answers again, the rollout goes on: free's step passes and free is fully exposed
        long openedAt = System.nanoTime();
        prometheusPort.open();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> condition("outage", "Degraded"), c -> c.status() == ConditionStatus.FALSE);
        timings.add(String.format("recovered (Degraded False) %d ms after the port opened", (System.nanoTime() - openedAt) / 1_000_000));
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(300))
                .until(() -> fixture.status("outage"), s -> FaultFixture.percent(s, "free") == 100);
        timings.add(String.format("next step (free 100%%) %d ms after the port opened", (System.nanoTime() - openedAt) / 1_000_000));
        awaitExposure(feature, INTERNAL.size(), FREE.size());
    }

    @Test
    void pastTheOutageBudgetRollbackWithdrawsOnlyTheStepInProgress(KubernetesClient client, TestNamespace namespace,
            Prometheus prometheus) throws Exception {
        String feature = "budget-" + namespace.name();
        closing.add(traffic(prometheus, "budget", feature));
        Scenario.apply(client, namespace, Scenario.slo("budget-slo", "budget"));
        Scenario.apply(client, namespace, FaultFixture.flagRollout("budget", feature, "budget-slo", PLAN,
                "rollback: {onAnalysisError: rollback, analysisOutageBudget: 20s}"));
        RolloutStatus before = await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(300))
                .until(() -> fixture.status("budget"), s -> FaultFixture.percent(s, "free") == 50);
        awaitExposure(feature, INTERNAL.size(), segment(before, "free").exposedTenants());

        long refusedAt = System.nanoTime();
        prometheusPort.refuse();

        RolloutStatus withdrawn = Scenario.awaitPhase(client, namespace, "budget", "RolledBack", Duration.ofMinutes(2));
        timings.add(String.format("budget 20s + 4 looks: step withdrawn %d ms after the port closed", (System.nanoTime() - refusedAt) / 1_000_000));
        assertThat(condition("budget", "RolledBack").reason()).isEqualTo(RolloutReasons.ANALYSIS_OUTAGE_BUDGET_EXCEEDED);
        assertThat(segment(withdrawn, "free").exposedPercent()).isZero();
        assertThat(segment(withdrawn, "internal").exposedPercent()).as("released before the outage").isEqualTo(100);
        await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(25)).untilAsserted(() -> {
            assertThat(fixture.enabledCount(feature, INTERNAL)).as("internal keeps the revision").isEqualTo(INTERNAL.size());
            assertThat(fixture.enabledCount(feature, FREE)).as("free's step in progress is withdrawn").isZero();
        });
    }

    private static Condition condition(String rollout, String type) {
        return Optional.ofNullable(fixture.status(rollout)).flatMap(s -> Conditions.find(s.conditions(), type)).orElse(null);
    }

    private static List<Event> warnings(String rollout, String reason) {
        return fixture.client().v1().events().inNamespace(fixture.rollout(rollout).getMetadata().getNamespace()).list().getItems()
                .stream().filter(e -> rollout.equals(e.getInvolvedObject().getName()) && reason.equals(e.getReason())).toList();
    }

    private static void awaitExposure(String feature, long internal, long free) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            assertThat(fixture.enabledCount(feature, INTERNAL)).as("internal tenants with the flag").isEqualTo(internal);
            assertThat(fixture.enabledCount(feature, FREE)).as("free tenants with the flag").isEqualTo(free);
            assertThat(fixture.enabledCount(feature, PAYING)).as("paying tenants with the flag").isZero();
            assertThat(fixture.enabledCount(feature, ENTERPRISE)).as("enterprise tenants with the flag").isZero();
        });
    }

    private static ScrapedTenantTraffic traffic(Prometheus prometheus, String job, String feature) {
        return ScrapedTenantTraffic.of(job, all()).requestsPerSecond(40).exposedWhen(t -> fixture.enabled(feature, t))
                .errorRate((tenant, exposed) -> 0.0).versions("enabled", "disabled").seededFailures(job.hashCode())
                .scrapedBy(prometheus);
    }

    private static List<String> all() {
        List<String> all = new ArrayList<>(INTERNAL);
        all.addAll(FREE);
        all.addAll(PAYING);
        all.addAll(ENTERPRISE);
        return all;
    }
}
