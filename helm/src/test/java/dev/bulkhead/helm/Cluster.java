package dev.bulkhead.helm;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** What the chart tests do to the testbed's API server: apply rendered objects, make namespaces and kubeconfigs. */
final class Cluster {

    private Cluster() {
    }

    /** Server-side applies the objects, CRDs first (each waited for until Established), like kubectl apply. */
    static void apply(KubernetesClient client, List<JsonNode> objects) {
        for (JsonNode object : objects) {
            if ("CustomResourceDefinition".equals(object.path("kind").asText())) {
                CustomResourceDefinition crd = (CustomResourceDefinition) load(client, object);
                client.resource(crd).fieldManager("helm-test").forceConflicts().serverSideApply();
                client.apiextensions().v1().customResourceDefinitions().withName(crd.getMetadata().getName())
                        .waitUntilCondition(c -> c != null && c.getStatus() != null && c.getStatus().getConditions()
                                .stream().anyMatch(x -> "Established".equals(x.getType()) && "True".equals(x.getStatus())),
                                60, TimeUnit.SECONDS);
            }
        }
        for (JsonNode object : objects) {
            if (!"CustomResourceDefinition".equals(object.path("kind").asText())) {
                client.resource(load(client, object)).fieldManager("helm-test").forceConflicts().serverSideApply();
            }
        }
    }

    static HasMetadata load(KubernetesClient client, JsonNode object) {
        byte[] json = object.toString().getBytes(StandardCharsets.UTF_8);
        return client.load(new ByteArrayInputStream(json)).items().get(0);
    }

    static void createNamespace(KubernetesClient client, String name) {
        client.resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build()).serverSideApply();
    }

    static void deleteNamespace(KubernetesClient client, String name) {
        client.namespaces().withName(name).delete();
    }

    /** A short-lived token of a ServiceAccount (TokenRequest), what a pod running as it would present. */
    static String token(KubernetesClient client, String namespace, String serviceAccount) {
        return client.serviceAccounts().inNamespace(namespace).withName(serviceAccount)
                .tokenRequest(new TokenRequestBuilder().withNewSpec().withExpirationSeconds(3600L).endSpec().build())
                .getStatus().getToken();
    }

    /** A kubeconfig for the same API server as {@code admin} that authenticates with {@code token} only. */
    static Path tokenKubeconfig(Config admin, String token, String namespace, Path file) {
        return kubeconfig(admin, "service-account", "token: " + token, namespace, file);
    }

    /** The admin's own kubeconfig (client certificate), for helm. */
    static Path adminKubeconfig(Config admin, Path file) {
        return kubeconfig(admin, "admin", "client-certificate-data: " + data(admin.getClientCertData(), admin.getClientCertFile())
                + "\n    client-key-data: " + data(admin.getClientKeyData(), admin.getClientKeyFile()), null, file);
    }

    /** A kubeconfig for {@code admin}'s API server whose one user presents {@code credentials} (YAML under user:). */
    private static Path kubeconfig(Config admin, String user, String credentials, String namespace, Path file) {
        return write(file, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: testbed
                  cluster:
                    server: %s
                    certificate-authority-data: %s
                users:
                - name: %s
                  user:
                    %s
                contexts:
                - name: %s
                  context: {cluster: testbed, user: %s%s}
                current-context: %s
                """.formatted(admin.getMasterUrl(), caData(admin), user, credentials, user, user,
                namespace == null ? "" : ", namespace: " + namespace, user));
    }

    private static String caData(Config config) {
        return data(config.getCaCertData(), config.getCaCertFile());
    }

    /** Base64 data as the kubeconfig holds it, from the config's data or its file. */
    private static String data(String base64, String file) {
        if (base64 != null && !base64.isBlank()) {
            return base64;
        }
        try {
            return Base64.getEncoder().encodeToString(Files.readAllBytes(Path.of(file)));
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("the test cluster's client has no certificate data or file: " + e, e);
        }
    }

    private static Path write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The container's environment as the kubelet would give it: literal values, {@code metadata.namespace} field
     * references, and Secret keys read from the cluster.
     */
    static Map<String, String> podEnvironment(KubernetesClient client, String namespace, Map<String, JsonNode> env) {
        Map<String, String> resolved = new LinkedHashMap<>();
        env.forEach((name, entry) -> {
            if (entry.has("value")) {
                resolved.put(name, entry.path("value").asText());
            } else if (entry.at("/valueFrom/fieldRef/fieldPath").asText().equals("metadata.namespace")) {
                resolved.put(name, namespace);
            } else if (entry.at("/valueFrom/secretKeyRef").isObject()) {
                Secret secret = client.secrets().inNamespace(namespace).withName(entry.at("/valueFrom/secretKeyRef/name").asText()).get();
                String value = secret.getData().get(entry.at("/valueFrom/secretKeyRef/key").asText());
                resolved.put(name, new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8));
            } else {
                throw new AssertionError("the test cannot resolve env " + name + ": " + entry);
            }
        });
        return resolved;
    }
}
