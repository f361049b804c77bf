package dev.bulkhead.kubectl;

import io.fabric8.kubernetes.client.Config;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Kubeconfig files for the plugin under test, written the way kubectl users have them: a current context with a
 * namespace, and a second context. The plugin reads them itself, so the tests go through its kubeconfig handling.
 */
public final class TestKubeconfig {

    /** The kubeconfig's user entry name: what the actor falls back to when the API server cannot say who the caller is. */
    public static final String USER = "testbed-user";

    private TestKubeconfig() {
    }

    /**
     * The testbed's cluster and credentials, from the shared client's configuration: context {@code testbed} (current,
     * namespace {@code namespace}) and context {@code elsewhere} (namespace {@code elsewhereNamespace}).
     */
    public static Path forCluster(Config config, String namespace, String elsewhereNamespace, Path dir) throws IOException {
        List<String> user = new ArrayList<>();
        if (config.getClientCertData() != null) {
            user.add("client-certificate-data: " + config.getClientCertData());
            user.add("client-key-data: " + config.getClientKeyData());
        } else if (config.getClientCertFile() != null) {
            user.add("client-certificate: " + config.getClientCertFile());
            user.add("client-key: " + config.getClientKeyFile());
        }
        if (config.getAutoOAuthToken() != null) {
            user.add("token: " + config.getAutoOAuthToken());
        } else if (config.getOauthToken() != null) {
            user.add("token: " + config.getOauthToken());
        }
        String ca = config.getCaCertData() != null ? "certificate-authority-data: " + config.getCaCertData()
                : config.getCaCertFile() != null ? "certificate-authority: " + config.getCaCertFile()
                : "insecure-skip-tls-verify: true";
        String yaml = """
                apiVersion: v1
                kind: Config
                clusters:
                - name: testbed
                  cluster:
                    server: %s
                    %s
                users:
                - name: %s
                  user:
                    %s
                contexts:
                - name: testbed
                  context: {cluster: testbed, user: %s, namespace: %s}
                - name: elsewhere
                  context: {cluster: testbed, user: %s, namespace: %s}
                current-context: testbed
                """.formatted(config.getMasterUrl(), ca, USER, String.join("\n    ", user), USER, namespace, USER,
                elsewhereNamespace);
        return Files.writeString(dir.resolve("kubeconfig"), yaml);
    }

    /** A kubeconfig whose only context points at a closed port, namespace {@code shop}. */
    public static Path unreachable(Path dir) throws IOException {
        return Files.writeString(dir.resolve("unreachable-kubeconfig"), """
                apiVersion: v1
                kind: Config
                clusters:
                - name: nowhere
                  cluster: {server: "https://127.0.0.1:1", insecure-skip-tls-verify: true}
                users:
                - name: someone
                  user: {token: not-a-real-token}
                contexts:
                - name: nowhere
                  context: {cluster: nowhere, user: someone, namespace: shop}
                current-context: nowhere
                """);
    }
}
