package dev.bulkhead.kubectl.cluster;

import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * A connection to the API server and the namespace the command works in.
 *
 * @param client     the Fabric8 client, closed with this
 * @param namespace  {@code -n}, else the current context's namespace, else {@code default}
 * @param configUser the user the kubeconfig's context names (or {@code --as}); the actor when the API server cannot
 *                   say who the caller is
 */
public record Cluster(KubernetesClient client, String namespace, String configUser) implements AutoCloseable {

    @Override
    public void close() {
        client.close();
    }
}
