package dev.bulkhead.operator.dashboard;

import dev.bulkhead.api.v1alpha1.Rollout;
import dev.bulkhead.api.v1alpha1.ServiceLevelObjective;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The Rollouts and SLOs the dashboard may show: those in the namespaces the operator watches ({@code
 * bulkhead.namespaces}, or every namespace), read from the API server with the operator's own client. Reads go to the
 * API server rather than the reconcilers' informer caches so the dashboard needs nothing from the operator's wiring;
 * a page is a handful of list calls.
 */
public class WatchedObjects {

    private final KubernetesClient client;
    private final List<String> namespaces;

    /** @param namespaces the watched namespaces; empty means every namespace */
    public WatchedObjects(KubernetesClient client, List<String> namespaces) {
        this.client = client;
        this.namespaces = List.copyOf(namespaces);
    }

    /** The watched namespaces, or empty when the operator watches every namespace. */
    public List<String> namespaces() {
        return namespaces;
    }

    public boolean watches(String namespace) {
        return namespaces.isEmpty() || namespaces.contains(namespace);
    }

    public List<Rollout> rollouts() {
        return list(Rollout.class);
    }

    public List<ServiceLevelObjective> slos() {
        return list(ServiceLevelObjective.class);
    }

    public Optional<Rollout> rollout(String namespace, String name) {
        if (!watches(namespace)) {
            return Optional.empty();
        }
        return Optional.ofNullable(read(() -> client.resources(Rollout.class).inNamespace(namespace).withName(name).get()));
    }

    public Optional<ServiceLevelObjective> slo(String namespace, String name) {
        if (!watches(namespace)) {
            return Optional.empty();
        }
        return Optional.ofNullable(read(() -> client.resources(ServiceLevelObjective.class).inNamespace(namespace)
                .withName(name).get()));
    }

    private <T extends HasMetadata> List<T> list(Class<T> type) {
        List<T> found = new ArrayList<>();
        if (namespaces.isEmpty()) {
            found.addAll(read(() -> client.resources(type).inAnyNamespace().list().getItems()));
        } else {
            for (String namespace : namespaces) {
                found.addAll(read(() -> client.resources(type).inNamespace(namespace).list().getItems()));
            }
        }
        found.sort(Comparator.comparing((T o) -> o.getMetadata().getNamespace()).thenComparing(o -> o.getMetadata().getName()));
        return found;
    }

    private static <T> T read(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (KubernetesClientException e) {
            throw DashboardProblem.unavailable("the API server could not be read (" + e.getMessage() + ")");
        }
    }
}
