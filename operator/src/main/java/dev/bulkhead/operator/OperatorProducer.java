package dev.bulkhead.operator;

import dev.bulkhead.analysis.source.MetricSource;
import dev.bulkhead.analysis.source.prometheus.PrometheusAuth;
import dev.bulkhead.analysis.source.prometheus.PrometheusClient;
import dev.bulkhead.analysis.source.prometheus.PrometheusConfig;
import dev.bulkhead.engine.lease.SegmentLeases;
import dev.bulkhead.operator.config.BulkheadConfig;
import dev.bulkhead.operator.events.EventRecorder;
import dev.bulkhead.operator.metrics.CallMetrics;
import dev.bulkhead.operator.metrics.RolloutMetrics;
import dev.bulkhead.operator.metrics.SafeMetrics;
import dev.bulkhead.operator.metrics.SloMetrics;
import dev.bulkhead.operator.release.flag.FlagAccess;
import dev.bulkhead.operator.release.flag.FlagStore;
import dev.bulkhead.operator.release.flag.unleash.UnleashFlagStore;
import dev.bulkhead.operator.release.route.TenantMatching;
import dev.bulkhead.operator.release.route.TrafficRouterFactory;
import dev.bulkhead.operator.leader.LeaseFence;
import dev.bulkhead.operator.release.flag.FencedFlagStore;
import dev.bulkhead.operator.rollout.AnalysisExecutor;
import dev.bulkhead.operator.rollout.AnalysisRound;
import dev.bulkhead.operator.rollout.RolloutEffects;
import dev.bulkhead.operator.rollout.RolloutObservations;
import dev.bulkhead.operator.rollout.RolloutReconciler;
import dev.bulkhead.operator.featureflag.FeatureFlagReconciler;
import dev.bulkhead.operator.segmentation.SegmentationReconciler;
import dev.bulkhead.operator.slo.SloReconciler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetricsV2;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The one place where CDI wiring happens: the JOSDK {@link Operator} on Quarkus' Kubernetes client and meter
 * registry, and the collaborators the reconcilers take through their constructors.
 */
@ApplicationScoped
public class OperatorProducer {

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @Singleton
    MetricSource metricSource(BulkheadConfig config, MeterRegistry meters) {
        BulkheadConfig.Prometheus p = config.prometheus();
        PrometheusAuth auth = p.bearerToken().map(PrometheusAuth::bearer)
                .or(() -> p.username().map(u -> PrometheusAuth.basic(u, p.password().orElse(""))))
                .orElse(PrometheusAuth.none());
        PrometheusConfig prometheus = PrometheusConfig.of(URI.create(p.url())).withAuth(auth).withTimeout(p.timeout());
        prometheus = prometheus.withRetries(p.attempts(), prometheus.initialBackoff(), prometheus.maxBackoff());
        return new CallMetrics(meters).timed(new PrometheusClient(prometheus));
    }

    /**
     * Checked before every Unleash and route write when leader election is on: the replica writes only while the Lease
     * names it. The identity is the one leader election writes (see {@link #operator}).
     */
    @Produces
    @Singleton
    LeaseFence fence(KubernetesClient client, BulkheadConfig config, Clock clock) {
        if (!config.leaderElection().enabled()) {
            return LeaseFence.off();
        }
        String namespace = config.leaderElection().leaseNamespace().orElseGet(client::getNamespace);
        return new LeaseFence(client, namespace, config.leaderElection().leaseName(), identity(config), clock);
    }

    /** This replica's name in the Lease: configured, else the pod name, else an id of this process. */
    private synchronized String identity(BulkheadConfig config) {
        if (identity == null) {
            identity = config.leaderElection().identity().filter(i -> !i.isBlank())
                    .or(() -> Optional.ofNullable(System.getenv("HOSTNAME")).filter(h -> !h.isBlank()))
                    .orElseGet(() -> java.util.UUID.randomUUID().toString());
        }
        return identity;
    }

    private String identity;

    @Produces
    @Singleton
    Optional<FlagStore> flagStore(BulkheadConfig config, MeterRegistry meters, LeaseFence fence) {
        BulkheadConfig.Unleash u = config.unleash();
        if (u.url().isEmpty() || u.adminToken().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new FencedFlagStore(new UnleashFlagStore(URI.create(u.url().get()), u.adminToken().get(),
                u.timeout(), u.timeout(), new CallMetrics(meters).unleash(), FlagAccess.parse(u.access().orElse(List.of()))),
                fence));
    }

    @Produces
    @Singleton
    EventRecorder events(KubernetesClient client, Clock clock, BulkheadConfig config) {
        return new EventRecorder(client, clock, config.notifications().webhookUrl().map(URI::create));
    }

    @Produces
    @Singleton
    Reconcilers reconcilers(KubernetesClient client, Clock clock, MetricSource metrics, Optional<FlagStore> flags,
            EventRecorder events, BulkheadConfig config, MeterRegistry meters, LeaseFence fence) {
        TenantMatching matching = "regex-when-needed".equals(config.routes().tenantMatching())
                ? TenantMatching.REGEX_WHEN_NEEDED : TenantMatching.EXACT_ONLY;
        RolloutReconciler rollouts = new RolloutReconciler(clock, new AnalysisRound(metrics, clock, config.analysis().lookTimeout()),
                new RolloutEffects(client, flags, new TrafficRouterFactory(client, matching, fence), events),
                new RolloutObservations(client, events), new RolloutMetrics(meters),
                config.segmentLeases().maxRolloutsPerSegment().map(max -> new SegmentLeases(max,
                        "cluster".equals(config.segmentLeases().scope()) ? SegmentLeases.Scope.CLUSTER : SegmentLeases.Scope.NAMESPACE)),
                new AnalysisExecutor(config.analysis().threads(), clock));
        // SLO budgets are still evaluated on a reconcile thread: each of their queries gets one attempt at most.
        Duration sloQuery = config.prometheus().timeout();
        MetricSource sloMetrics = (promql, time) -> metrics.query(promql, time, sloQuery);
        List<io.javaoperatorsdk.operator.api.reconciler.Reconciler<?>> all = new java.util.ArrayList<>(List.of(
                new SegmentationReconciler(clock), new SloReconciler(clock, sloMetrics, config.slo().interval(), new SloMetrics(meters)), rollouts));
        flags.ifPresent(store -> all.add(new FeatureFlagReconciler(store, clock)));
        return new Reconcilers(List.copyOf(all));
    }

    @Produces
    @Singleton
    Operator operator(KubernetesClient client, MeterRegistry meters, BulkheadConfig config) {
        return new Operator(o -> {
            o.withKubernetesClient(client)
                    .withCloseClientOnStop(false)
                    .withConcurrentReconciliationThreads(config.reconcileThreads())
                    .withMetrics(new SafeMetrics(MicrometerMetricsV2.newBuilder(meters).build()))
                    .withStopOnInformerErrorDuringStartup(false)
                    .withCacheSyncTimeout(Duration.ofMinutes(2))
                    .withReconciliationTerminationTimeout(Duration.ofSeconds(10));
            if (config.leaderElection().enabled()) {
                var election = LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(config.leaderElection().leaseName())
                        .withIdentity(identity(config));
                config.leaderElection().leaseNamespace().ifPresent(election::withLeaseNamespace);
                o.withLeaderElectionConfiguration(election.build());
            }
        });
    }
}
