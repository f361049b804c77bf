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
        return new CallMetrics(meters).timed(new PrometheusClient(PrometheusConfig.of(URI.create(p.url())).withAuth(auth)));
    }

    @Produces
    @Singleton
    Optional<FlagStore> flagStore(BulkheadConfig config, MeterRegistry meters) {
        BulkheadConfig.Unleash u = config.unleash();
        if (u.url().isEmpty() || u.adminToken().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new UnleashFlagStore(URI.create(u.url().get()), u.adminToken().get(), u.timeout(), u.timeout(),
                new CallMetrics(meters).unleash(), FlagAccess.parse(u.access().orElse(List.of()))));
    }

    @Produces
    @Singleton
    EventRecorder events(KubernetesClient client, Clock clock, BulkheadConfig config) {
        return new EventRecorder(client, clock, config.notifications().webhookUrl().map(URI::create));
    }

    @Produces
    @Singleton
    Reconcilers reconcilers(KubernetesClient client, Clock clock, MetricSource metrics, Optional<FlagStore> flags,
            EventRecorder events, BulkheadConfig config, MeterRegistry meters) {
        TenantMatching matching = "regex-when-needed".equals(config.routes().tenantMatching())
                ? TenantMatching.REGEX_WHEN_NEEDED : TenantMatching.EXACT_ONLY;
        RolloutReconciler rollouts = new RolloutReconciler(clock, new AnalysisRound(metrics),
                new RolloutEffects(client, flags, new TrafficRouterFactory(client, matching), events),
                new RolloutObservations(client, events), new RolloutMetrics(meters),
                config.segmentLeases().maxRolloutsPerSegment().map(max -> new SegmentLeases(max,
                        "cluster".equals(config.segmentLeases().scope()) ? SegmentLeases.Scope.CLUSTER : SegmentLeases.Scope.NAMESPACE)));
        List<io.javaoperatorsdk.operator.api.reconciler.Reconciler<?>> all = new java.util.ArrayList<>(List.of(
                new SegmentationReconciler(clock), new SloReconciler(clock, metrics, config.slo().interval(), new SloMetrics(meters)), rollouts));
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
                var election = LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(config.leaderElection().leaseName());
                config.leaderElection().leaseNamespace().ifPresent(election::withLeaseNamespace);
                o.withLeaderElectionConfiguration(election.build());
            }
        });
    }
}
