package dev.bulkhead.operator;

import dev.bulkhead.operator.config.BulkheadConfig;
import dev.bulkhead.operator.segmentation.SegmentationReconciler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetricsV2;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

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
    Reconcilers reconcilers(Clock clock) {
        return new Reconcilers(List.of(new SegmentationReconciler(clock)));
    }

    @Produces
    @Singleton
    Operator operator(KubernetesClient client, MeterRegistry meters, BulkheadConfig config) {
        return new Operator(o -> {
            o.withKubernetesClient(client)
                    .withCloseClientOnStop(false)
                    .withConcurrentReconciliationThreads(config.reconcileThreads())
                    .withMetrics(MicrometerMetricsV2.newBuilder(meters).build())
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
