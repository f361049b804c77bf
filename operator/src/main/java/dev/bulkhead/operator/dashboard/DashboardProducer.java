package dev.bulkhead.operator.dashboard;

import dev.bulkhead.operator.config.BulkheadConfig;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;

/**
 * The dashboard's CDI wiring, kept beside it so the operator's own producer does not change: the guard on the
 * operator's client and the watched namespaces. The beans exist whether or not the dashboard is enabled; they do
 * nothing until a request reaches them, and {@link DashboardFilter} stops requests while it is off.
 */
@ApplicationScoped
public class DashboardProducer {

    @Produces
    @Singleton
    DashboardGuard guard(KubernetesClient client, BulkheadConfig config) {
        BulkheadConfig.Dashboard d = config.dashboard();
        return new DashboardGuard(new AccessReviews(client, d.tokenAudiences().orElse(List.of()), java.time.Clock.systemUTC(),
                d.reviewCacheTtl(), Optional.of(new ReviewBudget(java.time.Clock.systemUTC(), d.reviewsPerSecond(),
                        d.reviewsBurst()))), d.anonymousRead());
    }

    @Produces
    @Singleton
    WatchedObjects watchedObjects(KubernetesClient client, BulkheadConfig config) {
        return new WatchedObjects(client, config.namespaces().orElse(List.of()));
    }
}
