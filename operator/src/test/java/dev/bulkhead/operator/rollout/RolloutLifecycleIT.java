package dev.bulkhead.operator.rollout;

import static dev.bulkhead.operator.rollout.Scenario.segment;
import static dev.bulkhead.operator.rollout.Scenario.tenants;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bulkhead.analysis.source.prometheus.PrometheusClient;
import dev.bulkhead.analysis.source.prometheus.PrometheusConfig;
import dev.bulkhead.api.v1alpha1.Condition;
import dev.bulkhead.api.v1alpha1.ConditionStatus;
import dev.bulkhead.api.v1alpha1.HistoryEntry;
import dev.bulkhead.api.v1alpha1.Rollout;
import dev.bulkhead.api.v1alpha1.RolloutStatus;
import dev.bulkhead.api.v1alpha1.SegmentStatus;
import dev.bulkhead.api.v1alpha1.ServiceLevelObjective;
import dev.bulkhead.api.v1alpha1.ServiceLevelObjectiveStatus;
import dev.bulkhead.engine.RolloutReasons;
import dev.bulkhead.operator.events.EventRecorder;
import dev.bulkhead.operator.release.flag.FlagLocation;
import dev.bulkhead.operator.release.flag.ObservedFlag;
import dev.bulkhead.operator.release.flag.unleash.UnleashFlagStore;
import dev.bulkhead.operator.release.route.TenantMatching;
import dev.bulkhead.operator.release.route.TrafficRouterFactory;
import dev.bulkhead.operator.segmentation.SegmentationReconciler;
import dev.bulkhead.operator.slo.SloReconciler;
import dev.bulkhead.operator.testing.OperatorHarness;
import dev.bulkhead.testbed.Prometheus;
import dev.bulkhead.testbed.ScrapedTenantTraffic;
import dev.bulkhead.testbed.TestNamespace;
import dev.bulkhead.testbed.TestbedExtension;
import dev.bulkhead.testbed.Unleash;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.getunleash.DefaultUnleash;
import io.getunleash.UnleashContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A flag rollout's life beyond the straight path, on real components (API server, Unleash seen through its Java SDK,
 * Prometheus scraping simulated tenant traffic, the operator in-process): the operator killed and restarted in the
 * middle, a new revision replacing the one being released, and a segment frozen by its exhausted error budget until
 * a human overrides it. Each test has its own rollout, feature and traffic job in the class's namespace.
 */
@ExtendWith(TestbedExtension.class)
class RolloutLifecycleIT {

    static final List<String> INTERNAL = List.of("staff", "qa-bot");
    static final List<String> FREE = tenants("free", 8);
    static final List<String> PAYING = tenants("paying", 8);
    static final List<String> ENTERPRISE = tenants("corp", 4);

    private static KubernetesClient client;
    private static String namespace;
    private static Prometheus prometheus;
    private static Unleash unleash;
    private static OperatorHarness operator;
    private static DefaultUnleash sdk;
    private static final List<AutoCloseable> closing = new ArrayList<>();

    @BeforeAll
    static void start(KubernetesClient kubernetes, TestNamespace testNamespace, Prometheus prom, Unleash flags) {
        client = kubernetes;
        namespace = testNamespace.name();
        prometheus = prom;
        unleash = flags;
        operator = startOperator();
        Scenario.apply(client, testNamespace, Scenario.segmentation("tiers", INTERNAL, FREE, PAYING, ENTERPRISE));
        Scenario.apply(client, testNamespace, Scenario.deployment("checkout"));
        sdk = Scenario.sdk(unleash, "rollout-lifecycle-it");
    }

    /** A whole operator with fresh reconciler instances: nothing is carried over in memory from a previous one. */
    private static OperatorHarness startOperator() {
        EventRecorder events = new EventRecorder(client, Clock.systemUTC(), Optional.empty());
        PrometheusClient metrics = new PrometheusClient(PrometheusConfig.of(prometheus.baseUrl()));
        RolloutReconciler rollouts = new RolloutReconciler(Clock.systemUTC(), new AnalysisRound(metrics),
                new RolloutEffects(client, Optional.of(flagStore()), new TrafficRouterFactory(client, TenantMatching.EXACT_ONLY), events),
                new RolloutObservations(client, events));
        return OperatorHarness.start(client, namespace, List.of(new SegmentationReconciler(Clock.systemUTC()),
                new SloReconciler(Clock.systemUTC(), metrics, Duration.ofSeconds(3)), rollouts));
    }

    private static UnleashFlagStore flagStore() {
        return new UnleashFlagStore(unleash.baseUrl(), unleash.adminToken(), Duration.ofSeconds(5), Duration.ofSeconds(10));
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
    void anOperatorRestartedMidRolloutContinuesWithoutReExposingOrLosingAnyone(TestNamespace ns) {
        String feature = "restart-" + namespace;
        closing.add(traffic("restart", t -> enabled(feature, t), (tenant, exposed) -> 0.002));
        Scenario.apply(client, ns, Scenario.slo("restart-slo", "restart"));
        // A first step bakes long enough for the operator to be stopped and restarted inside it.
        Scenario.apply(client, ns, Scenario.flagRollout("restart", feature, "restart-slo", "6s", "[{percent: 50, bake: 40s}, {percent: 100, bake: 6s}]"));

        // The middle: a segment at its 50% step exposing some of its tenants but not all (which tenants a percent
        // picks depends on the rollout's group id, and so on the namespace: free, or else paying).
        RolloutStatus middle = await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(250))
                .until(() -> status("restart"), s -> s != null && s.currentSegment() != null
                        && !"internal".equals(s.currentSegment()) && Integer.valueOf(0).equals(s.currentStep())
                        && segment(s, s.currentSegment()).exposedPercent() == 50
                        && segment(s, s.currentSegment()).exposedTenants() > 0
                        && segment(s, s.currentSegment()).exposedTenants() < segment(s, s.currentSegment()).tenants());
        String current = middle.currentSegment();
        int exposedBefore = middle.segments().stream().mapToInt(g -> g.exposedTenants() == null ? 0 : g.exposedTenants()).sum();
        Set<String> before = await().atMost(Duration.ofSeconds(15))
                .until(() -> exposed(feature), s -> s.size() == exposedBefore);
        assertThat(before).containsAll(INTERNAL);
        List<HistoryEntry> historyBefore = status("restart").history();
        FlagLocation flag = new FlagLocation("default", "development", feature);
        ObservedFlag strategiesBefore = flagStore().observe(flag).orElseThrow();

        List<String> deviations = new CopyOnWriteArrayList<>();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleAtFixedRate(() -> {
            Set<String> now = exposed(feature);
            if (!now.equals(before)) {
                deviations.add(Instant.now() + " " + now);
            }
        }, 0, 100, TimeUnit.MILLISECONDS);
        try {
            operator.close();
            operator = null;
            // The operator is gone: the flag keeps exactly the tenants it had.
            await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(7)).until(() -> exposed(feature).equals(before));
            operator = startOperator();
            String lookBefore = segment(status("restart"), current).lastAnalysis();
            // The new operator is at work (it looks again) and keeps exactly the same tenants exposed.
            await().atMost(Duration.ofSeconds(20)).until(() -> status("restart"),
                    s -> !java.util.Objects.equals(segment(s, current).lastAnalysis(), lookBefore));
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> exposed(feature).equals(before));
            assertThat(flagStore().observe(flag).orElseThrow()).as("Unleash's strategies after the restart")
                    .isEqualTo(strategiesBefore);
            RolloutStatus resumed = status("restart");
            assertThat(resumed.currentSegment()).isEqualTo(current);
            assertThat(resumed.currentStep()).isZero();
            assertThat(resumed.history()).as("history is continued, not restarted").startsWith(historyBefore.toArray(HistoryEntry[]::new));
        } finally {
            sampler.shutdownNow();
        }
        assertThat(deviations).as("exposure seen by the SDK while the operator was stopped and restarted").isEmpty();

        RolloutStatus released = Scenario.awaitPhase(client, ns, "restart", "Released", Duration.ofMinutes(4));
        assertThat(released.history()).startsWith(historyBefore.toArray(HistoryEntry[]::new));
        assertThat(released.history()).as("the interrupted step was started once, by the first operator")
                .filteredOn(h -> RolloutReasons.STEP_STARTED.equals(h.reason()) && current.equals(h.segment())
                        && h.message().contains("step 0"))
                .hasSize(1);
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(exposed(feature)).containsAll(all()));
    }

    @Test
    void aNewRevisionMidRolloutSupersedesTheOldOneWithNobodyLeftOnIt(TestNamespace ns) {
        String first = "first-" + namespace;
        String second = "second-" + namespace;
        closing.add(traffic("supersede", t -> enabled(first, t) || enabled(second, t), (tenant, exposed) -> 0.002));
        Scenario.apply(client, ns, Scenario.slo("supersede-slo", "supersede"));
        String steps = "[{percent: 50, bake: 40s}, {percent: 100, bake: 6s}]";
        Scenario.apply(client, ns, Scenario.flagRollout("supersede", first, "supersede-slo", "6s", steps));
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(250)).until(() -> status("supersede"),
                s -> s != null && "free".equals(s.currentSegment()) && segment(s, "free").exposedPercent() > 0);
        await().atMost(Duration.ofSeconds(15)).until(() -> exposed(first).containsAll(INTERNAL)
                && FREE.stream().anyMatch(t -> enabled(first, t)));

        // A new revision: internal bakes long now, so its first segment can be seen.
        Scenario.apply(client, ns, Scenario.flagRollout("supersede", second, "supersede-slo", "40s", steps));

        RolloutStatus restarted = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .until(() -> status("supersede"), s -> second.equals(s.canaryRevision()));
        assertThat(restarted.currentSegment()).isEqualTo("internal");
        assertThat(restarted.stableRevision()).isEqualTo(Exposures.FLAG_OFF);
        assertThat(restarted.segments()).filteredOn(s -> !s.name().equals("internal"))
                .allSatisfy(s -> assertThat(s.exposedPercent()).as(s.name()).isZero());
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            assertThat(exposed(first)).as("tenants left on the superseded feature").isEmpty();
            assertThat(exposed(second)).containsExactlyInAnyOrderElementsOf(INTERNAL);
        });
        ObservedFlag old = flagStore().observe(new FlagLocation("default", "development", first)).orElseThrow();
        assertThat(old.managed()).as("Bulkhead's strategies on the superseded feature").isEmpty();
        assertThat(old.altered()).isEmpty();
        assertThat(old.environmentEnabled()).isFalse();
    }

    @Test
    void anExhaustedSegmentBudgetFreezesThatSegmentUntilItsOverride(TestNamespace ns) {
        String feature = "frozen-" + namespace;
        AtomicBoolean burning = new AtomicBoolean(true);
        // paying's stable traffic fails a third of its requests, whatever the flag says, until the fix; nobody else
        // fails (on a two-minute window a few random errors of a small segment would freeze it too).
        closing.add(traffic("frozen", t -> enabled(feature, t),
                (tenant, exposed) -> burning.get() && PAYING.contains(tenant) ? 0.30 : 0.0));
        Scenario.apply(client, ns, """
                apiVersion: bulkhead.dev/v1alpha1
                kind: ServiceLevelObjective
                metadata: {name: frozen-slo}
                spec:
                  segmentationRef: {name: tiers}
                  window: 2m
                  freezeBelowBudget: 50
                  burnRateWindows: [{long: 1m, short: 30s, factor: 1}]
                  indicators:
                    - name: availability
                      objective: 99
                      events:
                        bad: http_requests_total{job="frozen", code=~"5.."}
                        total: http_requests_total{job="frozen"}
                """);
        // Only paying is frozen. (An early evaluation has once reported "internal,paying" with internal failing
        // nothing: not understood yet, so the wait is for paying alone, the scenario's precondition.)
        ServiceLevelObjectiveStatus budget = await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .until(() -> slo("frozen-slo"), s -> s != null && "paying".equals(s.frozenSegments()));
        assertThat(budget.segments()).filteredOn(b -> Boolean.TRUE.equals(b.exhausted()))
                .extracting(ServiceLevelObjectiveStatus.SegmentBudget::name).containsExactly("paying");

        Scenario.apply(client, ns, Scenario.flagRollout("frozen", feature, "frozen-slo", "6s", "[{percent: 50, bake: 6s}, {percent: 100, bake: 6s}]"));

        RolloutStatus frozen = Scenario.awaitPhase(client, ns, "frozen", "Frozen", Duration.ofMinutes(3));
        Condition condition = frozen.conditions().stream().filter(c -> "Frozen".equals(c.type())).findFirst().orElseThrow();
        assertThat(condition.status()).isEqualTo(ConditionStatus.TRUE);
        assertThat(condition.reason()).isEqualTo(RolloutReasons.ERROR_BUDGET_EXHAUSTED);
        assertThat(condition.message()).contains("paying");
        assertThat(segment(frozen, "free").state()).isNotEqualTo("Pending");
        assertThat(segment(frozen, "paying").exposedPercent()).isZero();
        assertThat(segment(frozen, "paying").budgetRemaining()).as("paying's budget, from its SLO").isLessThanOrEqualTo(50);
        assertThat(segment(frozen, "paying").burnRates()).containsKeys("1m", "30s");
        // Held, not merely slow: it stays frozen with nobody of paying exposed.
        await().during(Duration.ofSeconds(8)).atMost(Duration.ofSeconds(10)).until(() -> "Frozen".equals(status("frozen").phase())
                && PAYING.stream().noneMatch(t -> enabled(feature, t)));

        burning.set(false);
        client.resources(Rollout.class).inNamespace(namespace).withName("frozen").edit(r -> {
            Map<String, String> annotations = new HashMap<>(Optional.ofNullable(r.getMetadata().getAnnotations()).orElse(Map.of()));
            annotations.put(ManualActions.SEGMENT_OVERRIDE_FREEZE + "paying", "P0 fix");
            r.getMetadata().setAnnotations(annotations);
            return r;
        });

        RolloutStatus overridden = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .until(() -> status("frozen"), s -> segment(s, "paying").exposedPercent() > 0);
        assertThat(overridden.phase()).isNotEqualTo("Frozen");
        assertThat(overridden.history()).extracting(HistoryEntry::reason).contains(RolloutReasons.ERROR_BUDGET_OVERRIDDEN);
        assertThat(slo("frozen-slo").frozenSegments()).as("the budget is still exhausted: the override released it")
                .contains("paying");
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(PAYING).anyMatch(t -> enabled(feature, t)));
        assertThat(ENTERPRISE).noneMatch(t -> enabled(feature, t));
    }


    private static RolloutStatus status(String rollout) {
        Rollout r = client.resources(Rollout.class).inNamespace(namespace).withName(rollout).get();
        return r == null ? null : r.getStatus();
    }

    private static ServiceLevelObjectiveStatus slo(String name) {
        ServiceLevelObjective s = client.resources(ServiceLevelObjective.class).inNamespace(namespace).withName(name).get();
        return s == null ? null : s.getStatus();
    }

    private static ScrapedTenantTraffic traffic(String job, Predicate<String> exposed, ScrapedTenantTraffic.ErrorRate errorRate) {
        return ScrapedTenantTraffic.of(job, all()).requestsPerSecond(40).exposedWhen(exposed).errorRate(errorRate)
                .versions(RolloutObservations.FLAG_ENABLED, RolloutObservations.FLAG_DISABLED).seededFailures(job.hashCode())
                .scrapedBy(prometheus);
    }

    /** The tenants the SDK serves the feature to right now. */
    private static Set<String> exposed(String feature) {
        Set<String> out = new TreeSet<>();
        all().stream().filter(t -> enabled(feature, t)).forEach(out::add);
        return out;
    }

    private static boolean enabled(String feature, String tenant) {
        return sdk.isEnabled(feature, UnleashContext.builder().addProperty("tenantId", tenant).build());
    }


    private static List<String> all() {
        List<String> all = new ArrayList<>(INTERNAL);
        all.addAll(FREE);
        all.addAll(PAYING);
        all.addAll(ENTERPRISE);
        return all;
    }

}
