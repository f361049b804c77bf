package dev.bulkhead.operator.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bulkhead.analysis.source.prometheus.PrometheusClient;
import dev.bulkhead.analysis.source.prometheus.PrometheusConfig;
import dev.bulkhead.api.v1alpha1.Rollout;
import dev.bulkhead.api.v1alpha1.RolloutStatus;
import dev.bulkhead.api.v1alpha1.SegmentStatus;
import dev.bulkhead.api.v1alpha1.TenantImpact;
import dev.bulkhead.operator.events.EventRecorder;
import dev.bulkhead.operator.metrics.RolloutMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import dev.bulkhead.operator.release.flag.unleash.UnleashFlagStore;
import dev.bulkhead.operator.release.route.TenantMatching;
import dev.bulkhead.operator.release.route.TrafficRouterFactory;
import dev.bulkhead.operator.segmentation.SegmentationReconciler;
import dev.bulkhead.operator.testing.OperatorHarness;
import dev.bulkhead.operator.testing.TenantTrafficSimulator;
import dev.bulkhead.testbed.Prometheus;
import dev.bulkhead.testbed.TestNamespace;
import dev.bulkhead.testbed.TestbedExtension;
import dev.bulkhead.testbed.Unleash;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.getunleash.DefaultUnleash;
import io.getunleash.UnleashContext;
import io.getunleash.util.UnleashConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Releases by feature flag end to end on real components: the operator (in-process) on the local API server, the
 * flag in a real Unleash, applications' view of it through Unleash's Java SDK, and verdicts from a real Prometheus
 * scraping tenant traffic.
 */
@ExtendWith(TestbedExtension.class)
class FlagRolloutIT {

    static final List<String> INTERNAL = List.of("staff", "qa-bot");
    static final List<String> FREE = tenants("free", 8);
    static final List<String> PAYING = tenants("paying", 8);
    static final List<String> ENTERPRISE = tenants("corp", 4);

    private static final SimpleMeterRegistry METERS = new SimpleMeterRegistry();
    private static OperatorHarness operator;
    private static DefaultUnleash sdk;
    private static final List<AutoCloseable> closing = new ArrayList<>();

    @BeforeAll
    static void start(KubernetesClient client, TestNamespace namespace, Prometheus prometheus, Unleash unleash) {
        EventRecorder events = new EventRecorder(client, Clock.systemUTC(), Optional.empty());
        RolloutReconciler rollouts = new RolloutReconciler(Clock.systemUTC(),
                new AnalysisRound(new PrometheusClient(PrometheusConfig.of(prometheus.baseUrl()))),
                new RolloutEffects(client, Optional.of(new UnleashFlagStore(unleash.baseUrl(), unleash.adminToken(),
                        Duration.ofSeconds(5), Duration.ofSeconds(10))), new TrafficRouterFactory(client, TenantMatching.EXACT_ONLY), events),
                new RolloutObservations(client, events), new RolloutMetrics(METERS));
        operator = OperatorHarness.start(client, namespace.name(),
                List.of(new SegmentationReconciler(Clock.systemUTC()), rollouts));
        Scenario.apply(client, namespace, Scenario.segmentation("tiers", INTERNAL, FREE, PAYING, ENTERPRISE));
        Scenario.apply(client, namespace, Scenario.deployment("checkout"));
        sdk = new DefaultUnleash(UnleashConfig.builder().appName("flag-rollout-it").instanceId("it")
                .unleashAPI(unleash.baseUrl() + "/api").apiKey(unleash.clientToken()).fetchTogglesInterval(1)
                .synchronousFetchOnInitialisation(true).disableMetrics().build());
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
        if (sdk != null) {
            sdk.shutdown();
        }
        if (operator != null) {
            operator.close();
        }
    }

    @Test
    void aGoodRevisionIsReleasedThroughEverySegmentAndTheFlagEndsOnForEveryone(KubernetesClient client,
            TestNamespace namespace, Prometheus prometheus) {
        String feature = "good-" + namespace.name();
        closing.add(traffic(prometheus, "good", feature, (tenant, exposed) -> 0.002));
        Scenario.apply(client, namespace, Scenario.slo("good-slo", "good"));
        Scenario.apply(client, namespace, Scenario.flagRollout("good", feature, "good-slo"));

        RolloutStatus released = Scenario.awaitPhase(client, namespace, "good", "Released", Duration.ofMinutes(4));

        assertThat(released.segments()).extracting(SegmentStatus::name)
                .containsExactly("internal", "free", "paying", "enterprise");
        assertThat(released.stableRevision()).isEqualTo(feature);
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(all())
                .allSatisfy(t -> assertThat(enabled(feature, t)).as(t + " has the released flag").isTrue()));
    }

    @Test
    void aRevisionThatHurtsOnlyPayingIsRolledBackThereAndEnterpriseIsNeverExposed(KubernetesClient client,
            TestNamespace namespace, Prometheus prometheus) {
        String feature = "bad-" + namespace.name();
        Set<String> broken = Set.of(PAYING.get(0), PAYING.get(3), PAYING.get(5));
        closing.add(traffic(prometheus, "bad", feature,
                (tenant, exposed) -> exposed && broken.contains(tenant) ? 0.30 : 0.002));
        Scenario.apply(client, namespace, Scenario.slo("bad-slo", "bad"));
        Scenario.apply(client, namespace, Scenario.flagRollout("bad", feature, "bad-slo"));

        RolloutStatus rolledBack = Scenario.awaitPhase(client, namespace, "bad", "RolledBack", Duration.ofMinutes(4));

        SegmentStatus paying = segment(rolledBack, "paying");
        assertThat(paying.verdict()).isEqualTo("Fail");
        assertThat(paying.exposedPercent()).isZero();
        assertThat(paying.impactedTenants()).extracting(TenantImpact::tenant).isNotEmpty().isSubsetOf(broken);
        assertThat(segment(rolledBack, "enterprise").exposedPercent()).isZero();
        assertThat(segment(rolledBack, "enterprise").state()).isEqualTo("Pending");
        assertThat(segment(rolledBack, "free").state()).as("earlier segments keep the revision (keepEarlierSegments)")
                .isEqualTo("Released");
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            assertThat(PAYING).noneMatch(t -> enabled(feature, t));
            assertThat(ENTERPRISE).noneMatch(t -> enabled(feature, t));
            assertThat(FREE).allMatch(t -> enabled(feature, t));
        });
        List<Event> warnings = client.v1().events().inNamespace(namespace.name()).list().getItems().stream()
                .filter(e -> "bad".equals(e.getInvolvedObject().getName()) && "Warning".equals(e.getType())).toList();
        assertThat(warnings).extracting(Event::getMessage).anyMatch(m -> m.contains("paying"));
        assertThat(METERS.get("bulkhead_rollbacks_total").tag("segment", "paying").counter().count()).isEqualTo(1);
        assertThat(METERS.get("bulkhead_verdicts_total").tag("segment", "paying").tag("verdict", "fail").counter().count())
                .isPositive();
        assertThat(METERS.get("bulkhead_rollback_seconds").summary().count()).as("rollback latency observed").isEqualTo(1);
        assertThat(METERS.get("bulkhead_rollback_seconds").summary().max()).as("withdrawn within the look's reconcile")
                .isLessThan(30);
    }

    private static TenantTrafficSimulator traffic(Prometheus prometheus, String job, String feature,
            java.util.function.BiFunction<String, Boolean, Double> errorRate) {
        return new TenantTrafficSimulator(prometheus, job, all(), 40, t -> enabled(feature, t), errorRate,
                new String[] {"enabled", "disabled"}, job.hashCode());
    }

    private static boolean enabled(String feature, String tenant) {
        return sdk.isEnabled(feature, UnleashContext.builder().addProperty("tenantId", tenant).build());
    }

    private static SegmentStatus segment(RolloutStatus status, String name) {
        return status.segments().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    private static List<String> all() {
        List<String> all = new ArrayList<>(INTERNAL);
        all.addAll(FREE);
        all.addAll(PAYING);
        all.addAll(ENTERPRISE);
        return all;
    }

    static List<String> tenants(String prefix, int n) {
        return IntStream.rangeClosed(1, n).mapToObj(i -> prefix + "-" + i).toList();
    }
}
