package dev.bulkhead.operator.rollout;

import static dev.bulkhead.operator.rollout.Scenario.segment;
import static dev.bulkhead.operator.rollout.Scenario.tenants;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bulkhead.analysis.source.MetricSource;
import dev.bulkhead.analysis.source.prometheus.PrometheusClient;
import dev.bulkhead.analysis.source.prometheus.PrometheusConfig;
import dev.bulkhead.api.v1alpha1.Rollout;
import dev.bulkhead.api.v1alpha1.RolloutStatus;
import dev.bulkhead.api.v1alpha1.Segmentation;
import dev.bulkhead.operator.events.EventRecorder;
import dev.bulkhead.operator.metrics.RolloutMetrics;
import dev.bulkhead.operator.release.flag.FlagLocation;
import dev.bulkhead.operator.release.flag.ObservedFlag;
import dev.bulkhead.operator.release.flag.unleash.UnleashFlagStore;
import dev.bulkhead.operator.release.route.TenantMatching;
import dev.bulkhead.operator.release.route.TrafficRouterFactory;
import dev.bulkhead.operator.segmentation.SegmentationReconciler;
import dev.bulkhead.operator.slo.SloReconciler;
import dev.bulkhead.operator.testing.BlackHole;
import dev.bulkhead.operator.testing.OperatorHarness;
import dev.bulkhead.testbed.TestNamespace;
import dev.bulkhead.testbed.TestbedExtension;
import dev.bulkhead.testbed.Unleash;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Fault: Prometheus accepts connections and never answers, while rollouts are in flight. Promise: the analysis waits
 * on its own pool and within its own deadline, so the operator's reconcile threads (4, as in production) stay free
 * for everything else: a new Segmentation becomes Ready and an abort withdraws the rollout's exposure in Unleash while
 * every look is still stuck. The latencies are printed (FIGURE lines) for docs/benchmarks.md, never asserted.
 *
 * <p>The operator is wired as {@code OperatorProducer} wires it with the default configuration: a Prometheus client
 * with a 10 s timeout and 3 attempts, a 30 s look deadline, 2 analysis threads, SLO queries of one attempt.
 */
@ExtendWith(TestbedExtension.class)
class SlowPrometheusFaultIT {

    static final List<String> INTERNAL = List.of("staff", "qa-bot");
    static final List<String> FREE = tenants("free", 4);
    static final List<String> PAYING = tenants("paying", 4);
    static final List<String> ENTERPRISE = tenants("corp", 2);
    /** More rollouts than reconcile threads: before looks had their own pool, these alone held every thread. */
    static final int ROLLOUTS = 5;

    private static KubernetesClient client;
    private static String namespace;
    private static BlackHole prometheus;
    private static AnalysisExecutor looks;
    private static UnleashFlagStore flagStore;
    private static OperatorHarness operator;
    /** The operator's Unleash calls: when each ended and how long it took (nanoseconds). */
    private static final List<long[]> unleashCalls = new java.util.concurrent.CopyOnWriteArrayList<>();

    @BeforeAll
    static void start(KubernetesClient kubernetes, TestNamespace testNamespace, Unleash unleash) {
        client = kubernetes;
        namespace = testNamespace.name();
        prometheus = BlackHole.open();
        flagStore = new UnleashFlagStore(unleash.baseUrl(), unleash.adminToken(), Duration.ofSeconds(5), Duration.ofSeconds(10));
        // The operator's own store, whose calls are timed: the figures say how much of an abort's latency is Unleash's.
        UnleashFlagStore operatorStore = new UnleashFlagStore(unleash.baseUrl(), unleash.adminToken(), Duration.ofSeconds(5),
                Duration.ofSeconds(10), (operation, status, elapsed) -> unleashCalls.add(new long[] {System.nanoTime(), elapsed.toNanos()}));
        Clock clock = Clock.systemUTC();
        PrometheusConfig config = PrometheusConfig.of(prometheus.baseUrl()).withTimeout(Duration.ofSeconds(10));
        PrometheusClient metrics = new PrometheusClient(config.withRetries(3, config.initialBackoff(), config.maxBackoff()));
        looks = new AnalysisExecutor(2, clock);
        EventRecorder events = new EventRecorder(client, clock, Optional.empty());
        RolloutReconciler rollouts = new RolloutReconciler(clock, new AnalysisRound(metrics, clock, Duration.ofSeconds(30)),
                new RolloutEffects(client, Optional.of(operatorStore), new TrafficRouterFactory(client, TenantMatching.EXACT_ONLY), events),
                new RolloutObservations(client, events), new RolloutMetrics(new SimpleMeterRegistry()), Optional.empty(), looks);
        MetricSource sloMetrics = (promql, time) -> metrics.query(promql, time, Duration.ofSeconds(10));
        operator = OperatorHarness.start(client, namespace, List.of(new SegmentationReconciler(clock),
                new SloReconciler(clock, sloMetrics, Duration.ofMinutes(1)), rollouts), 4);
        Scenario.apply(client, testNamespace, Scenario.segmentation("tiers", INTERNAL, FREE, PAYING, ENTERPRISE));
        Scenario.apply(client, testNamespace, Scenario.deployment("checkout"));
        Scenario.apply(client, testNamespace, Scenario.slo("slo", "nobody-scrapes-this"));
    }

    @AfterAll
    static void stop() {
        if (operator != null) {
            operator.close();
        }
        if (looks != null) {
            looks.close();
        }
        if (prometheus != null) {
            prometheus.close();
        }
    }

    @Test
    void withPrometheusBlackHoledSegmentationsBecomeReadyAndAbortsWithdrawExposureWhileLooksAreStuck(TestNamespace ns) {
        // Given rollouts with their internal tenants exposed, each with a look stuck on the unanswering Prometheus.
        for (int i = 1; i <= ROLLOUTS; i++) {
            Scenario.apply(client, ns, Scenario.flagRollout("r" + i, feature(i), "slo", "6s", "[{percent: 100, bake: 6s}]"));
        }
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(250)).until(() -> IntStream
                .rangeClosed(1, ROLLOUTS).allMatch(i -> exposedInternal(i) && looks.inFlight(id(i))));
        IntStream.rangeClosed(1, ROLLOUTS).forEach(i -> assertThat(flag(i).managed()).as("r%d's strategies", i).isNotEmpty());
        assertThat(prometheus.accepted()).as("connections the black hole holds").isPositive();

        List<Long> readyMillis = new ArrayList<>();
        List<Long> abortMillis = new ArrayList<>();
        List<String> abortUnleash = new ArrayList<>();
        for (int round = 1; round <= 3; round++) {
            // When a new Segmentation is created, then it is Ready without waiting for any look.
            String name = "late-" + round;
            long asked = System.nanoTime();
            Scenario.apply(client, ns, Scenario.segmentation(name, INTERNAL, FREE, PAYING, ENTERPRISE));
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(() -> ready(name));
            readyMillis.add((System.nanoTime() - asked) / 1_000_000);

            // When a rollout is aborted (the annotation the kubectl plugin and the dashboard write), then Unleash holds no
            // Bulkhead strategy for its feature any more: its tenants are back on stable.
            int aborted = round;
            long abortAsked = System.nanoTime();
            abort("r" + aborted);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                    .until(() -> flag(aborted).managed().isEmpty() && !flag(aborted).environmentEnabled());
            long withdrawn = System.nanoTime();
            abortMillis.add((withdrawn - abortAsked) / 1_000_000);
            List<long[]> calls = unleashCalls.stream().filter(c -> c[0] >= abortAsked && c[0] <= withdrawn).toList();
            abortUnleash.add(calls.size() + " calls/" + calls.stream().mapToLong(c -> c[1]).sum() / 1_000_000 + "ms");
        }
        // While the rollouts nobody aborted still wait on Prometheus: nothing above was answered by it.
        assertThat(IntStream.rangeClosed(4, ROLLOUTS).filter(i -> looks.inFlight(id(i))).count())
                .as("rollouts with a look in flight").isPositive();
        System.out.printf("FIGURE slow-prometheus: segmentation-ready-ms=%s abort-withdrawn-ms=%s operator-unleash-calls-meanwhile=%s"
                + " (rollouts=%d, reconcile threads=4, black hole held %d connections)%n", readyMillis, abortMillis, abortUnleash,
                ROLLOUTS, prometheus.accepted());
    }

    private static String feature(int i) {
        return "slow-" + i + "-" + namespace;
    }

    private static ResourceID id(int i) {
        return new ResourceID("r" + i, namespace);
    }

    private static ObservedFlag flag(int i) {
        return flagStore.observe(new FlagLocation("default", "development", feature(i))).orElseThrow();
    }

    private static boolean exposedInternal(int i) {
        Rollout r = client.resources(Rollout.class).inNamespace(namespace).withName("r" + i).get();
        RolloutStatus s = r == null ? null : r.getStatus();
        return s != null && s.segments() != null && !s.segments().isEmpty() && segment(s, "internal").exposedPercent() != null
                && segment(s, "internal").exposedPercent() == 100;
    }

    private static boolean ready(String name) {
        Segmentation s = client.resources(Segmentation.class).inNamespace(namespace).withName(name).get();
        return s != null && s.getStatus() != null && "Ready".equals(s.getStatus().phase());
    }

    private static void abort(String rollout) {
        client.resources(Rollout.class).inNamespace(namespace).withName(rollout).edit(r -> {
            Map<String, String> annotations = new HashMap<>(Optional.ofNullable(r.getMetadata().getAnnotations()).orElse(Map.of()));
            annotations.put(ManualActions.ACTION, "abort");
            annotations.put(ManualActions.ACTOR, "slow-prometheus-fault-it");
            r.getMetadata().setAnnotations(annotations);
            return r;
        });
    }
}
