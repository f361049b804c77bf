package dev.bulkhead.testbed;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

/** {@code -Dbulkhead.cluster=kubeconfig}: the cluster of the current kubeconfig ({@code KUBECONFIG} or {@code ~/.kube/config}). */
final class KubeconfigCluster {

    private KubeconfigCluster() {
    }

    static KubernetesClient connect(Testbed testbed) {
        KubernetesClient client = new KubernetesClientBuilder().build();
        try {
            client.getKubernetesVersion();
        } catch (RuntimeException e) {
            client.close();
            throw Testbed.unavailable("Kubernetes (current kubeconfig, " + client.getMasterUrl() + ")", e.toString());
        }
        testbed.onStop(client::close);
        return client;
    }

    static KubernetesClient client(Path kubeconfig) {
        try {
            return client(Files.readString(kubeconfig));
        } catch (IOException e) {
            throw Testbed.unavailable("Kubernetes", "cannot read " + kubeconfig + ": " + e);
        }
    }

    static KubernetesClient client(String kubeconfigYaml) {
        return new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeconfigYaml)).build();
    }
}
