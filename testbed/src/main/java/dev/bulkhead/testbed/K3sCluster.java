package dev.bulkhead.testbed;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;

import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * {@code -Dbulkhead.cluster=k3s}: a k3s server in a container (Testcontainers), for machines with a Docker engine.
 * The image is {@code -Dbulkhead.k3s.image} (default {@value #DEFAULT_IMAGE}).
 */
final class K3sCluster {

    static final String DEFAULT_IMAGE = "rancher/k3s:v1.34.1-k3s1";

    private K3sCluster() {
    }

    static KubernetesClient start(Testbed testbed) {
        boolean docker;
        try {
            docker = DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            docker = false;
        }
        if (!docker) {
            throw Testbed.unavailable("Kubernetes (k3s)", "no Docker engine is reachable for Testcontainers");
        }
        String image = System.getProperty("bulkhead.k3s.image", DEFAULT_IMAGE);
        K3sContainer k3s = new K3sContainer(DockerImageName.parse(image).asCompatibleSubstituteFor("rancher/k3s"));
        try {
            k3s.start();
        } catch (RuntimeException e) {
            k3s.stop();
            throw Testbed.unavailable("Kubernetes (k3s " + image + ")", e.toString());
        }
        testbed.onStop(k3s::stop);
        KubernetesClient client = KubeconfigCluster.client(k3s.getKubeConfigYaml());
        testbed.onStop(client::close);
        return client;
    }
}
