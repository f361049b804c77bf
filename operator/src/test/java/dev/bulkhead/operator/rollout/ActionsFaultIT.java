package dev.bulkhead.operator.rollout;

import static dev.bulkhead.operator.rollout.FaultFixture.segment;
import static dev.bulkhead.operator.rollout.Scenario.tenants;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bulkhead.analysis.source.prometheus.PrometheusClient;
import dev.bulkhead.analysis.source.prometheus.PrometheusConfig;
import dev.bulkhead.api.v1alpha1.AppliedAction;
import dev.bulkhead.api.v1alpha1.Rollout;
import dev.bulkhead.api.v1alpha1.RolloutStatus;
import dev.bulkhead.engine.RolloutReasons;
import dev.bulkhead.operator.events.EventRecorder;
import dev.bulkhead.operator.metrics.RolloutMetrics;
import dev.bulkhead.operator.release.flag.unleash.UnleashFlagStore;
import dev.bulkhead.operator.release.route.TenantMatching;
import dev.bulkhead.operator.release.route.TrafficRouterFactory;
import dev.bulkhead.operator.segmentation.SegmentationReconciler;
import dev.bulkhead.operator.testing.OperatorHarness;
import dev.bulkhead.testbed.Prometheus;
import dev.bulkhead.testbed.ScrapedTenantTraffic;
import dev.bulkhead.testbed.TestNamespace;
import dev.bulkhead.testbed.TestbedExtension;
import dev.bulkhead.testbed.Unleash;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.getunleash.DefaultUnleash;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Fault suite: every manual action through the running operator (four reconcile threads, as in production), on a flag
 * release whose exposure is read the way applications read it, through Unleash's SDK. Each action is applied exactly
 * once, is never lost to a conflicting write, and an abort stays withdrawn across later reconciles.
 */
@ExtendWith(TestbedExtension.class)
class ActionsFaultIT {

    static final List<String> INTERNAL = List.of("staff", "qa-bot");
    static final List<String> FREE = tenants("free", 8);
    static final List<String> PAYING = tenants("paying", 8);
    static final List<String> ENTERPRISE = tenants("corp", 4);
    static final Duration ACTION_TIME = Duration.ofSeconds(20);

    /** internal at once (its pass leads to free's manual gate); every later step bakes for an hour, so only actions move it. */
    static final String PLAN = """
            segments:
              - name: internal
                steps: [{percent: 100, bake: 6s}]
              - name: free
                steps: [{percent: 50, bake: 1h, manualGate: true}, {percent: 100, bake: 1h}]
            defaultSteps: [{percent: 50, bake: 1h}, {percent: 100, bake: 1h}]
            """;

    private static OperatorHarness operator;
    private static DefaultUnleash sdk;
    private static FaultFixture fixture;
    private static final List<AutoCloseable> closing = new ArrayList<>();
    private static final List<String> timings = new ArrayList<>();

    @BeforeAll
    static void start(KubernetesClient client, TestNamespace namespace, Prometheus prometheus, Unleash unleash) {
        EventRecorder events = new EventRecorder(client, Clock.systemUTC(), Optional.empty());
        UnleashFlagStore flags = new UnleashFlagStore(unleash.baseUrl(), unleash.adminToken(), Duration.ofSeconds(5), Duration.ofSeconds(10));
        RolloutReconciler rollouts = new RolloutReconciler(Clock.systemUTC(),
                new AnalysisRound(new PrometheusClient(PrometheusConfig.of(prometheus.baseUrl()))),
                new RolloutEffects(client, Optional.of(flags), new TrafficRouterFactory(client, TenantMatching.EXACT_ONLY), events),
                new RolloutObservations(client, events), new RolloutMetrics(new SimpleMeterRegistry()));
        operator = OperatorHarness.start(client, namespace.name(), List.of(new SegmentationReconciler(Clock.systemUTC()), rollouts), 4);
        Scenario.apply(client, namespace, Scenario.segmentation("tiers", INTERNAL, FREE, PAYING, ENTERPRISE));
        Scenario.apply(client, namespace, Scenario.deployment("checkout"));
        sdk = Scenario.sdk(unleash, "actions-fault-it");
        fixture = new FaultFixture(client, namespace.name(), sdk);
    }

    @AfterAll
    static void stop() throws Exception {
        timings.forEach(t -> System.out.println("ActionsFaultIT timing: " + t));
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
    void gatePauseResumeAndPromoteEachApplyOnceAndAnAbortStaysWithdrawn(KubernetesClient client, TestNamespace namespace,
            Prometheus prometheus) {
        String feature = "actions-" + namespace.name();
        closing.add(traffic(prometheus, "actions", feature));
        Scenario.apply(client, namespace, Scenario.slo("actions-slo", "actions"));
        Scenario.apply(client, namespace, FaultFixture.flagRollout("actions", feature, "actions-slo", PLAN, ""));

        // Given internal passed and free's first step waits at its manual gate
        RolloutStatus gated = await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                .until(() -> fixture.status("actions"), s -> s != null && "Paused".equals(s.phase())
                        && RolloutReasons.AWAITING_MANUAL_GATE.equals(reason(s)));
        assertThat(segment(gated, "internal").exposedPercent()).isEqualTo(100);
        awaitExposure(feature, INTERNAL.size(), 0, 0);

        // resume does not pass a manual gate: refused, and said why
        AppliedAction resume = act("actions", "resume", true);
        assertThat(resume.outcome()).contains("resume ignored").contains("manual gate");
        assertThat(fixture.status("actions").phase()).isEqualTo("Paused");

        // promote passes it: free at 50%, exactly the tenants status names
        act("actions", "promote", true);
        RolloutStatus free50 = fixture.status("actions");
        assertThat(segment(free50, "free").exposedPercent()).isEqualTo(50);
        awaitExposure(feature, INTERNAL.size(), segment(free50, "free").exposedTenants(), 0);

        // pause written by hand (no id): the operator numbers it, applies it once; exposure stays
        AppliedAction pause = act("actions", "pause", false);
        assertThat(pause.id()).isNotBlank();
        assertThat(fixture.status("actions").phase()).isEqualTo("Paused");
        act("actions", "resume", true);
        assertThat(fixture.status("actions").phase()).isEqualTo("Progressing");

        String promoteId = fixture.ask("actions", "promote", true);
        fixture.applied("actions", "promote", promoteId, -1, ACTION_TIME);
        assertThat(segment(fixture.status("actions"), "free").exposedPercent()).isEqualTo(100);
        awaitExposure(feature, INTERNAL.size(), FREE.size(), 0);

        // A replay of the same annotation (same id) is recognised: removed, not applied a second time
        int consumed = FaultFixture.consumed(fixture.rollout("actions")).size();
        replay("actions", "promote", promoteId);
        await().atMost(ACTION_TIME).until(() -> !annotated("actions"));
        assertThat(FaultFixture.consumed(fixture.rollout("actions"))).hasSize(consumed);
        assertThat(fixture.status("actions").currentSegment()).as("a replayed promote moves nothing").isEqualTo("free");
        assertThat(segment(fixture.status("actions"), "paying").exposedPercent()).isZero();

        // abort withdraws everyone, and nobody comes back over the following reconciles (two spec edits force them)
        act("actions", "abort", true);
        assertThat(fixture.status("actions").phase()).isEqualTo("RolledBack");
        awaitExposure(feature, 0, 0, 0);
        for (String bake : List.of("3s", "4s")) {
            Scenario.apply(client, namespace, FaultFixture.flagRollout("actions", feature, "actions-slo", PLAN, "")
                    .replace("postReleaseBake: 2s", "postReleaseBake: " + bake));
            await().atMost(ACTION_TIME).until(() -> fixture.status("actions").observedGeneration()
                    .equals(fixture.rollout("actions").getMetadata().getGeneration()));
        }
        await().during(Duration.ofSeconds(12)).atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(300))
                .untilAsserted(() -> {
                    assertThat(fixture.status("actions").phase()).isEqualTo("RolledBack");
                    assertThat(all()).as("tenants re-exposed after the abort").noneMatch(t -> fixture.enabled(feature, t));
                });
        assertThat(fixture.status("actions").outbox()).as("every notification delivered").isNullOrEmpty();
    }

    @Test
    void retryAfterAnAbortReleasesAgainAndPromoteFullReleasesEveryone(KubernetesClient client, TestNamespace namespace,
            Prometheus prometheus) {
        String feature = "retry-" + namespace.name();
        closing.add(traffic(prometheus, "retry", feature));
        Scenario.apply(client, namespace, Scenario.slo("retry-slo", "retry"));
        Scenario.apply(client, namespace, FaultFixture.flagRollout("retry", feature, "retry-slo", PLAN, ""));
        await().atMost(Duration.ofMinutes(2)).until(() -> fixture.status("retry"),
                s -> FaultFixture.percent(s, "internal") == 100);
        awaitExposure(feature, INTERNAL.size(), 0, 0);

        act("retry", "abort", true);
        awaitExposure(feature, 0, 0, 0);

        act("retry", "retry", true);
        await().atMost(Duration.ofMinutes(1)).until(() -> fixture.status("retry"),
                s -> FaultFixture.percent(s, "internal") == 100);
        awaitExposure(feature, INTERNAL.size(), 0, 0);

        act("retry", "promote-full", true);
        Scenario.awaitPhase(client, namespace, "retry", "Released", Duration.ofMinutes(1));
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(all())
                .allMatch(t -> fixture.enabled(feature, t)));
        List<AppliedAction> consumed = FaultFixture.consumed(fixture.rollout("retry"));
        assertThat(consumed).extracting(AppliedAction::action).containsExactly("abort", "retry", "promote-full");
        assertThat(consumed).extracting(AppliedAction::id).doesNotHaveDuplicates();
    }

    @Test
    void anAbortDuringAStormOfConflictingWritesIsAppliedOnceAndStays(KubernetesClient client, TestNamespace namespace,
            Prometheus prometheus) throws Exception {
        String feature = "storm-" + namespace.name();
        closing.add(traffic(prometheus, "storm", feature));
        Scenario.apply(client, namespace, Scenario.slo("storm-slo", "storm"));
        Scenario.apply(client, namespace, FaultFixture.flagRollout("storm", feature, "storm-slo", PLAN, ""));
        await().atMost(Duration.ofMinutes(2)).until(() -> fixture.status("storm"),
                s -> FaultFixture.percent(s, "internal") == 100);
        awaitExposure(feature, INTERNAL.size(), 0, 0);

        // Given another writer changing the Rollout every 100 ms, so the operator's writes keep meeting 409s
        java.util.concurrent.atomic.AtomicBoolean storming = new java.util.concurrent.atomic.AtomicBoolean(true);
        java.util.concurrent.atomic.AtomicLong writes = new java.util.concurrent.atomic.AtomicLong();
        Thread storm = new Thread(() -> {
            while (storming.get()) {
                try {
                    client.resources(Rollout.class).inNamespace(namespace.name()).withName("storm").edit(r -> {
                        r.getMetadata().getLabels().put("storm", Long.toString(writes.incrementAndGet()));
                        return r;
                    });
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    // a conflict of the storm's own: write again
                }
            }
        }, "conflict-storm");
        client.resources(Rollout.class).inNamespace(namespace.name()).withName("storm")
                .edit(r -> {
                    r.getMetadata().setLabels(new java.util.HashMap<>(Map.of("storm", "0")));
                    return r;
                });
        storm.start();
        try {
            // When an abort is asked for in the storm
            long started = System.nanoTime();
            String id = fixture.ask("storm", "abort", true);
            fixture.applied("storm", "abort", id, -1, Duration.ofSeconds(60));
            timings.add(String.format("storm abort applied in %d ms, %d conflicting writes so far", (System.nanoTime() - started) / 1_000_000,
                    writes.get()));

            // Then it is applied once, everyone is withdrawn, and nobody comes back while the storm goes on
            awaitExposure(feature, 0, 0, 0);
            await().during(Duration.ofSeconds(10)).atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(300))
                    .untilAsserted(() -> {
                        assertThat(fixture.status("storm").phase()).isEqualTo("RolledBack");
                        assertThat(all()).as("re-exposed in the storm").noneMatch(t -> fixture.enabled(feature, t));
                    });
        } finally {
            storming.set(false);
            storm.join(5_000);
        }
        assertThat(FaultFixture.consumed(fixture.rollout("storm"))).extracting(AppliedAction::id).containsExactly(
                FaultFixture.consumed(fixture.rollout("storm")).get(0).id());
        assertThat(writes.get()).as("the storm really wrote").isGreaterThan(20);
    }

    /** Asks for the action, waits until status records it, and notes how long it took. */
    private static AppliedAction act(String rollout, String action, boolean withId) {
        int before = FaultFixture.consumed(fixture.rollout(rollout)).size();
        long started = System.nanoTime();
        String id = fixture.ask(rollout, action, withId);
        AppliedAction applied = fixture.applied(rollout, action, id, before, ACTION_TIME);
        timings.add(String.format("%s %s applied in %d ms", rollout, action, (System.nanoTime() - started) / 1_000_000));
        return applied;
    }

    /** Sets the action annotation again with an id status already holds, as a lost removal would leave it. */
    private static void replay(String rollout, String action, String id) {
        await().atMost(ACTION_TIME).ignoreExceptionsMatching(e -> e instanceof io.fabric8.kubernetes.client.KubernetesClientException k
                && k.getCode() == 409).until(() -> {
                    Rollout r = fixture.rollout(rollout);
                    r.getMetadata().getAnnotations().put(ManualActions.ACTION, action);
                    r.getMetadata().getAnnotations().put(ManualActions.ACTION_ID, id);
                    fixture.client().resources(Rollout.class).inNamespace(r.getMetadata().getNamespace()).resource(r).update();
                    return true;
                });
    }

    private static boolean annotated(String rollout) {
        Map<String, String> a = fixture.rollout(rollout).getMetadata().getAnnotations();
        return a != null && a.containsKey(ManualActions.ACTION);
    }

    private static String reason(RolloutStatus status) {
        return dev.bulkhead.operator.status.Conditions.find(status.conditions(), "Paused").map(c -> c.reason()).orElse(null);
    }

    private static void awaitExposure(String feature, long internal, long free, long paying) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            assertThat(fixture.enabledCount(feature, INTERNAL)).as("internal tenants with the flag").isEqualTo(internal);
            assertThat(fixture.enabledCount(feature, FREE)).as("free tenants with the flag").isEqualTo(free);
            assertThat(fixture.enabledCount(feature, PAYING)).as("paying tenants with the flag").isEqualTo(paying);
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
