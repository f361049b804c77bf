package dev.bulkhead.operator.slo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import dev.bulkhead.analysis.source.MetricSource;
import dev.bulkhead.analysis.source.QueryResult;
import dev.bulkhead.analysis.source.prometheus.PrometheusClient;
import dev.bulkhead.analysis.source.prometheus.PrometheusConfig;
import dev.bulkhead.api.v1alpha1.BurnRateWindow;
import dev.bulkhead.api.v1alpha1.Condition;
import dev.bulkhead.api.v1alpha1.ConditionStatus;
import dev.bulkhead.api.v1alpha1.ConfigMapKeyReference;
import dev.bulkhead.api.v1alpha1.Indicator;
import dev.bulkhead.api.v1alpha1.ObjectReference;
import dev.bulkhead.api.v1alpha1.SegmentDefinition;
import dev.bulkhead.api.v1alpha1.Segmentation;
import dev.bulkhead.api.v1alpha1.SegmentationSpec;
import dev.bulkhead.api.v1alpha1.ServiceLevelObjective;
import dev.bulkhead.api.v1alpha1.ServiceLevelObjectiveSpec;
import dev.bulkhead.api.v1alpha1.ServiceLevelObjectiveStatus;
import dev.bulkhead.api.v1alpha1.ServiceLevelObjectiveStatus.SegmentBudget;
import dev.bulkhead.api.v1alpha1.TenantSource;
import dev.bulkhead.operator.segmentation.SegmentationReconciler;
import dev.bulkhead.operator.status.Conditions;
import dev.bulkhead.operator.testing.OperatorHarness;
import dev.bulkhead.testbed.Prometheus;
import dev.bulkhead.testbed.TestNamespace;
import dev.bulkhead.testbed.TestbedExtension;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The SLO reconciler on the real API server with a real Prometheus holding 75 minutes of deterministic traffic,
 * evaluated at a fixed time: the paying tenants (from a ConfigMap) fail 5% of their requests against a 99.9%
 * objective, the free tenants 0.05%, everyone else none. The interval is long on purpose, so every re-evaluation
 * here comes from an event (a spec edit, the Segmentation appearing), not from the requeue.
 *
 * <p>The PrometheusRule test installs the Prometheus Operator's CRD, so it runs after the others that show that
 * without the CRD nothing is written and nothing is reported; the ConfigMap test edits the shared tenant list, so it
 * runs last.
 */
@ExtendWith(TestbedExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SloReconcilerIT {

    /** 2026-01-01T00:00:00Z. */
    static final long T0 = 1_767_225_600L;
    /** 75 minutes of 15-second scrapes. */
    static final int SCRAPES = 300;
    static final Instant END = Instant.ofEpochSecond(T0 + SCRAPES * 15L);

    private static Prometheus prometheus;
    private static OperatorHarness operator;
    private static final SwitchableSource SOURCE = new SwitchableSource();
    private static MetricSource live;

    /** The reconciler's metric source, pointed at the live Prometheus or at a port where nothing listens. */
    static final class SwitchableSource implements MetricSource {
        final AtomicReference<MetricSource> target = new AtomicReference<>();

        @Override
        public QueryResult query(String promql, Instant time) {
            return target.get().query(promql, time);
        }
    }

    @BeforeAll
    static void start(KubernetesClient client, TestNamespace namespace) {
        prometheus = Prometheus.withOpenMetrics(new SloTraffic()
                .tenant("f1", 0.0005).tenant("f2", 0.0005)
                .tenant("p1", 0.05).tenant("p2", 0.05)
                .tenant("x1", 0.0)
                .openMetrics(T0, SCRAPES));
        live = new PrometheusClient(PrometheusConfig.of(prometheus.baseUrl()));
        SOURCE.target.set(live);
        operator = OperatorHarness.start(client, namespace.name(), List.of(
                new SegmentationReconciler(Clock.systemUTC()),
                new SloReconciler(Clock.fixed(END, ZoneOffset.UTC), SOURCE, Duration.ofMinutes(10))));

        client.configMaps().inNamespace(namespace.name()).resource(new ConfigMapBuilder()
                .withNewMetadata().withName("paying-tenants").endMetadata()
                .addToData("tenants", "p1\np2\n").build()).create();
        createSegmentation(client, namespace, "tiers");
    }

    @AfterAll
    static void stop() {
        if (operator != null) {
            operator.close();
        }
        if (prometheus != null) {
            prometheus.close();
        }
    }

    @Test
    @Order(1)
    void aSegmentBurningItsBudgetIsExhaustedAndFrozenWhileHealthyOnesAreNot(KubernetesClient client, TestNamespace namespace) {
        createSlo(client, namespace, "checkout", "tiers");

        ServiceLevelObjectiveStatus status = awaitStatus(client, namespace, "checkout", s -> SloStatus.EXHAUSTED.equals(s.phase()));

        assertThat(status.frozenSegments()).isEqualTo("paying");
        assertThat(status.lastEvaluated()).isEqualTo(END.toString());
        assertThat(status.observedGeneration()).isEqualTo(1L);
        assertThat(status.segments()).extracting(SegmentBudget::name).containsExactly("free", "paying", "everyone-else");
        SegmentBudget paying = segment(status, "paying");
        assertThat(paying.exhausted()).isTrue();
        // 5% errors against 0.1% allowed: 50x the sustainable rate, the budget 49 times overspent.
        assertThat(paying.budgetRemaining()).isCloseTo(-4900.0, within(5.0));
        var payingAvailability = paying.indicators().get(0);
        assertThat(payingAvailability.errorRatio()).isCloseTo(0.05, within(1e-4));
        // 1 hour of 2 tenants at 300 requests per 15 s.
        assertThat(payingAvailability.events()).isCloseTo(144_000.0, within(150.0));
        assertThat(payingAvailability.burnRates()).containsKeys("5m", "15m", "30m");
        assertThat(payingAvailability.burnRates().get("5m")).isCloseTo(50.0, within(0.5));
        assertThat(payingAvailability.firing()).containsExactly("30m/5m", "1h/15m");

        SegmentBudget free = segment(status, "free");
        assertThat(free.exhausted()).isFalse();
        assertThat(free.budgetRemaining()).isCloseTo(50.0, within(1.0));
        assertThat(free.indicators().get(0).firing()).isEmpty();
        SegmentBudget everyoneElse = segment(status, "everyone-else");
        assertThat(everyoneElse.exhausted()).isFalse();
        assertThat(everyoneElse.budgetRemaining()).isEqualTo(100.0);

        assertThat(condition(status, SloStatus.READY).status()).isEqualTo(ConditionStatus.TRUE);
        // No Prometheus Operator CRD yet: no rule, and no complaint about it.
        Condition degraded = condition(status, SloStatus.DEGRADED);
        assertThat(degraded.status()).isEqualTo(ConditionStatus.FALSE);
        assertThat(degraded.reason()).isEqualTo(SloReasons.METRICS_AVAILABLE);
    }

    @Test
    @Order(2)
    void anSloReferencingAMissingSegmentationIsNotReadyUntilTheSegmentationAppears(KubernetesClient client,
            TestNamespace namespace) {
        createSlo(client, namespace, "orphan", "later-tiers");

        ServiceLevelObjectiveStatus invalid = awaitStatus(client, namespace, "orphan", s -> SloStatus.INVALID.equals(s.phase()));
        Condition ready = condition(invalid, SloStatus.READY);
        assertThat(ready.status()).isEqualTo(ConditionStatus.FALSE);
        assertThat(ready.reason()).isEqualTo(SloReasons.SEGMENTATION_NOT_FOUND);
        assertThat(ready.message()).startsWith("spec.segmentationRef.name: Segmentation later-tiers does not exist");
        assertThat(invalid.segments()).isNull();

        // The Segmentation informer re-triggers the SLO (the 10-minute requeue is far away).
        createSegmentation(client, namespace, "later-tiers");

        ServiceLevelObjectiveStatus evaluated = awaitStatus(client, namespace, "orphan", s -> SloStatus.EXHAUSTED.equals(s.phase()));
        assertThat(condition(evaluated, SloStatus.READY).reason()).isEqualTo(SloReasons.EVALUATED);
        assertThat(evaluated.frozenSegments()).isEqualTo("paying");
    }

    @Test
    @Order(3)
    void anUnreachablePrometheusDegradesTheSloAndKeepsTheLastBudgets(KubernetesClient client, TestNamespace namespace)
            throws Exception {
        createSlo(client, namespace, "flaky", "tiers");
        ServiceLevelObjectiveStatus good = awaitStatus(client, namespace, "flaky", s -> SloStatus.EXHAUSTED.equals(s.phase()));

        SOURCE.target.set(new PrometheusClient(PrometheusConfig.of(URI.create("http://127.0.0.1:" + closedPort()))
                .withRetries(2, Duration.ofMillis(50), Duration.ofMillis(100)).withTimeout(Duration.ofSeconds(2))));
        try {
            // A spec edit re-evaluates now; at a 60% floor a fresh evaluation would also freeze free.
            client.resources(ServiceLevelObjective.class).inNamespace(namespace.name()).withName("flaky")
                    .edit(slo -> {
                        slo.setSpec(withFreezeBelowBudget(slo.getSpec(), 60.0));
                        return slo;
                    });

            ServiceLevelObjectiveStatus stale = awaitStatus(client, namespace, "flaky",
                    s -> s.observedGeneration() == 2L && Conditions.find(s.conditions(), SloStatus.DEGRADED)
                            .map(c -> c.status() == ConditionStatus.TRUE).orElse(false));

            Condition degraded = condition(stale, SloStatus.DEGRADED);
            assertThat(degraded.reason()).isEqualTo(SloReasons.METRIC_SOURCE_UNAVAILABLE);
            assertThat(degraded.message()).contains("127.0.0.1").contains("are kept");
            assertThat(stale.segments()).isEqualTo(good.segments());
            assertThat(stale.frozenSegments()).isEqualTo("paying");
            assertThat(stale.lastEvaluated()).isEqualTo(good.lastEvaluated());
            assertThat(stale.phase()).isEqualTo(SloStatus.EXHAUSTED);
        } finally {
            SOURCE.target.set(live);
        }

        // Back to a live Prometheus: the next event gives fresh budgets at the new floor.
        client.resources(ServiceLevelObjective.class).inNamespace(namespace.name()).withName("flaky")
                .edit(slo -> {
                    slo.setSpec(withFreezeBelowBudget(slo.getSpec(), 60.5));
                    return slo;
                });
        ServiceLevelObjectiveStatus fresh = awaitStatus(client, namespace, "flaky",
                s -> s.observedGeneration() == 3L && !Conditions.isTrue(s.conditions(), SloStatus.DEGRADED));
        assertThat(fresh.frozenSegments()).isEqualTo("free,paying");
    }

    @Test
    @Order(4)
    void keepsAPrometheusRuleOwnedByTheSloWhoseExpressionsParseOnPrometheus(KubernetesClient client, TestNamespace namespace) {
        PrometheusOperatorCrd.install(client);
        ServiceLevelObjective slo = createSlo(client, namespace, "with-rules", "tiers");

        GenericKubernetesResource rule = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> client.genericKubernetesResources(PrometheusRules.API_VERSION, PrometheusRules.KIND)
                        .inNamespace(namespace.name()).withName("with-rules-slo").get(), r -> r != null);

        assertThat(rule.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(o -> assertThat(o.getUid()).isEqualTo(slo.getMetadata().getUid()));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> groups = (List<Map<String, Object>>) ((Map<String, Object>) rule.getAdditionalProperties()
                .get("spec")).get("groups");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> rules = groups.stream()
                .flatMap(g -> ((List<Map<String, Object>>) g.get("rules")).stream()).toList();
        // free, paying, everyone-else × (5m, 15m, 30m and the 1h SLO window) + 2 metadata recordings + 3 × (page, ticket).
        assertThat(rules).hasSize(3 * 4 + 2 + 3 * 2);
        // Prometheus parses every expression (a parse error is HTTP 400, which query() throws).
        for (Map<String, Object> r : rules) {
            assertThatCode(() -> prometheus.query((String) r.get("expr"), END)).as("%s", r).doesNotThrowAnyException();
        }
        // The recording rule and the status agree: paying's 5-minute ratio is its burn rate times the 0.1% allowance.
        String paying5m = rules.stream().filter(r -> "slo:sli_error:ratio_rate5m".equals(r.get("record"))
                && "paying".equals(((Map<?, ?>) r.get("labels")).get(PrometheusRules.SEGMENT_LABEL)))
                .map(r -> (String) r.get("expr")).findFirst().orElseThrow();
        ServiceLevelObjectiveStatus status = awaitStatus(client, namespace, "with-rules", s -> s.segments() != null);
        double burn = segment(status, "paying").indicators().get(0).burnRates().get("5m");
        assertThat(prometheus.query(paying5m, END)).singleElement()
                .satisfies(sample -> assertThat(sample.value()).isCloseTo(burn * 0.001, within(1e-6)));

        // Owned: garbage-collected with the SLO.
        client.resource(slo).delete();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> client.genericKubernetesResources(PrometheusRules.API_VERSION, PrometheusRules.KIND)
                        .inNamespace(namespace.name()).withName("with-rules-slo").get() == null);
    }

    @Test
    @Order(5)
    void aTenantMovedInTheSegmentationsConfigMapIsCountedInItsNewSegment(KubernetesClient client, TestNamespace namespace) {
        createSlo(client, namespace, "moving", "tiers");
        awaitStatus(client, namespace, "moving", s -> "paying".equals(s.frozenSegments()));

        // Same number of tenants, so the Segmentation's status does not change: only the ConfigMap informer re-triggers.
        client.configMaps().inNamespace(namespace.name()).withName("paying-tenants")
                .edit(cm -> new ConfigMapBuilder(cm).addToData("tenants", "p1\nx1\n").build());

        ServiceLevelObjectiveStatus moved = awaitStatus(client, namespace, "moving",
                s -> "paying,everyone-else".equals(s.frozenSegments()));
        // paying is now p1 (5%) and x1 (0%); everyone else is p2 (5%).
        assertThat(segment(moved, "paying").indicators().get(0).errorRatio()).isCloseTo(0.025, within(1e-4));
        assertThat(segment(moved, "everyone-else").indicators().get(0).errorRatio()).isCloseTo(0.05, within(1e-4));
        assertThat(segment(moved, "free").exhausted()).isFalse();
    }

    private static ServiceLevelObjective createSlo(KubernetesClient client, TestNamespace namespace, String name, String segmentation) {
        ServiceLevelObjective slo = new ServiceLevelObjective();
        slo.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace.name()).build());
        slo.setSpec(new ServiceLevelObjectiveSpec(new ObjectReference(segmentation), "1h", null,
                List.of(new Indicator("availability", 99.9, new Indicator.EventsIndicator(
                        "http_requests_total{job=\"checkout\", code=~\"5..\"}", "http_requests_total{job=\"checkout\"}"), null, null)),
                List.of(new BurnRateWindow("30m", "5m", 10.0, BurnRateWindow.Severity.PAGE),
                        new BurnRateWindow("1h", "15m", 2.0, BurnRateWindow.Severity.TICKET)),
                0.0));
        return client.resource(slo).create();
    }

    private static void createSegmentation(KubernetesClient client, TestNamespace namespace, String name) {
        Segmentation segmentation = new Segmentation();
        segmentation.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace.name()).build());
        segmentation.setSpec(new SegmentationSpec(null, null, null, List.of(
                new SegmentDefinition("free", List.of("f1", "f2"), null, null),
                new SegmentDefinition("paying", null, new TenantSource(new ConfigMapKeyReference("paying-tenants", "tenants")), null),
                new SegmentDefinition("everyone-else", null, null, true))));
        client.resource(segmentation).create();
    }

    private static ServiceLevelObjectiveSpec withFreezeBelowBudget(ServiceLevelObjectiveSpec s, double floor) {
        return new ServiceLevelObjectiveSpec(s.segmentationRef(), s.window(), s.versionLabel(), s.indicators(),
                s.burnRateWindows(), floor);
    }

    private static ServiceLevelObjectiveStatus awaitStatus(KubernetesClient client, TestNamespace namespace, String name,
            Predicate<ServiceLevelObjectiveStatus> until) {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> client.resources(ServiceLevelObjective.class).inNamespace(namespace.name()).withName(name).get()
                        .getStatus(), s -> s != null && until.test(s));
    }

    private static SegmentBudget segment(ServiceLevelObjectiveStatus status, String name) {
        return status.segments().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    private static Condition condition(ServiceLevelObjectiveStatus status, String type) {
        return Conditions.find(status.conditions(), type).orElseThrow();
    }

    /** A loopback port nothing listens on (bound, then released). */
    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
