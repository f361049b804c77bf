package dev.bulkhead.helm;

import dev.bulkhead.api.v1alpha1.RolloutStatus;
import dev.bulkhead.api.v1alpha1.SegmentStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Whether a tenant is on a Rollout's canary, as the Rollout's status shows: its segment has {@code exposedTenants > 0}
 * (the plans here step straight to 100%). The status is polled every 250 ms; a failed poll keeps the last view.
 */
final class SegmentExposure implements Predicate<String>, AutoCloseable {

    private final Map<String, String> segmentOf = new HashMap<>();
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "segment-exposure");
        t.setDaemon(true);
        return t;
    });
    private volatile Set<String> exposedSegments = Set.of();

    SegmentExposure(KubernetesClient client, String namespace, String rollout, Map<String, List<String>> segments) {
        segments.forEach((segment, tenants) -> tenants.forEach(tenant -> segmentOf.put(tenant, segment)));
        poller.scheduleWithFixedDelay(() -> {
            try {
                RolloutStatus status = Observed.status(client, namespace, rollout);
                exposedSegments = status == null || status.segments() == null ? Set.of()
                        : status.segments().stream()
                                .filter(s -> s.exposedTenants() != null && s.exposedTenants() > 0)
                                .map(SegmentStatus::name).collect(Collectors.toSet());
            } catch (RuntimeException e) {
                // keep the last view; the next poll retries
            }
        }, 0, 250, TimeUnit.MILLISECONDS);
    }

    @Override
    public boolean test(String tenant) {
        String segment = segmentOf.get(tenant);
        return segment != null && exposedSegments.contains(segment);
    }

    @Override
    public void close() {
        poller.shutdownNow();
    }
}
