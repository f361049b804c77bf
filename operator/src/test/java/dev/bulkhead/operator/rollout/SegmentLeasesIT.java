package dev.bulkhead.operator.rollout;

import static dev.bulkhead.operator.rollout.Scenario.segment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bulkhead.analysis.source.prometheus.PrometheusClient;
import dev.bulkhead.analysis.source.prometheus.PrometheusConfig;
import dev.bulkhead.api.v1alpha1.Rollout;
import dev.bulkhead.api.v1alpha1.RolloutStatus;
import dev.bulkhead.engine.RolloutReasons;
import dev.bulkhead.engine.lease.SegmentLeases;
import dev.bulkhead.operator.events.EventRecorder;
import dev.bulkhead.operator.metrics.RolloutMetrics;
import dev.bulkhead.operator.release.flag.unleash.UnleashFlagStore;
import dev.bulkhead.operator.release.route.TenantMatching;
import dev.bulkhead.operator.release.route.TrafficRouterFactory;
import dev.bulkhead.operator.segmentation.SegmentationReconciler;
import dev.bulkhead.operator.testing.OperatorHarness;
import dev.bulkhead.testbed.Prometheus;
import dev.bulkhead.testbed.TestNamespace;
import dev.bulkhead.testbed.TestbedExtension;
import dev.bulkhead.testbed.Unleash;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The operator's concurrency limit on segments, on real components: with one rollout per segment allowed, a second
 * release of the same Segmentation waits for a segment the first one exposes, and moves in once the first is gone.
 */
@ExtendWith(TestbedExtension.class)
class SegmentLeasesIT {

    @Test
    void aSecondRolloutWaitsForTheSegmentAnotherExposesAndEntersOnceItIsGone(KubernetesClient client, TestNamespace ns,
            Prometheus prometheus, Unleash unleash) {
        EventRecorder events = new EventRecorder(client, Clock.systemUTC(), Optional.empty());
        RolloutReconciler rollouts = new RolloutReconciler(Clock.systemUTC(),
                new AnalysisRound(new PrometheusClient(PrometheusConfig.of(prometheus.baseUrl()))),
                new RolloutEffects(client, Optional.of(new UnleashFlagStore(unleash.baseUrl(), unleash.adminToken(),
                        Duration.ofSeconds(5), Duration.ofSeconds(10))), new TrafficRouterFactory(client, TenantMatching.EXACT_ONLY), events),
                new RolloutObservations(client, events), new RolloutMetrics(new SimpleMeterRegistry()),
                Optional.of(SegmentLeases.exclusive()));
        try (OperatorHarness operator = OperatorHarness.start(client, ns.name(),
                List.of(new SegmentationReconciler(Clock.systemUTC()), rollouts))) {
            Scenario.apply(client, ns, Scenario.segmentation("tiers", List.of("staff"), List.of("free-1"), List.of("paying-1"),
                    List.of("corp-1")));
            Scenario.apply(client, ns, Scenario.deployment("checkout"));
            Scenario.apply(client, ns, Scenario.slo("leases-slo", "leases-" + ns.name()));
            // The first holds internal: a long bake, and no traffic, so it never moves on.
            Scenario.apply(client, ns, Scenario.flagRollout("first", "first-" + ns.name(), "leases-slo", "10m",
                    "[{percent: 50, bake: 6s}, {percent: 100, bake: 6s}]"));
            await().atMost(Duration.ofSeconds(60)).until(() -> status(client, ns, "first"),
                    s -> s != null && segment(s, "internal").exposedPercent() == 100);

            Scenario.apply(client, ns, Scenario.flagRollout("second", "second-" + ns.name(), "leases-slo"));

            RolloutStatus waiting = await().atMost(Duration.ofSeconds(60)).until(() -> status(client, ns, "second"),
                    s -> s != null && s.history() != null && s.history().stream()
                            .anyMatch(h -> RolloutReasons.WAITING_FOR_SEGMENT_LEASE.equals(h.reason())));
            assertThat(waiting.segments()).allSatisfy(s -> assertThat(s.exposedPercent()).as(s.name()).isZero());
            await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(8))
                    .until(() -> segment(status(client, ns, "second"), "internal").exposedPercent() == 0);

            client.resources(Rollout.class).inNamespace(ns.name()).withName("first").delete();

            RolloutStatus entered = await().atMost(Duration.ofSeconds(60)).until(() -> status(client, ns, "second"),
                    s -> segment(s, "internal").exposedPercent() == 100);
            assertThat(entered.phase()).isEqualTo("Progressing");
        }
    }

    private static RolloutStatus status(KubernetesClient client, TestNamespace ns, String name) {
        Rollout r = client.resources(Rollout.class).inNamespace(ns.name()).withName(name).get();
        return r == null ? null : r.getStatus();
    }
}
