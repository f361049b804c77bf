package dev.bulkhead.operator.dashboard;

import dev.bulkhead.operator.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.lang.reflect.InvocationTargetException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Points the operator under test at the testbed's real kube-apiserver (RBAC authorization, service-account tokens):
 * installs the CRDs, makes three namespaces and hands them over as configuration. The operator watches {@code team}
 * and {@code other}; {@code unwatched} holds a Rollout the dashboard must never show.
 *
 * <p>The testbed is one per JVM, but Quarkus loads test code and its dependencies again in a class loader of its own
 * for every application it starts; a {@code Testbed} loaded there would start a second control plane into the same
 * state directory. So this resource asks the {@code Testbed} of JUnit's class loader (the one plain
 * {@code *ApiServerTest}s use) for the connection, by reflection, and gives the application and the tests their own
 * clients on it.
 */
public class DashboardTestbed implements QuarkusTestResourceLifecycleManager {

    private final Map<String, Optional<String>> previous = new HashMap<>();
    private KubernetesClient client;
    private List<String> namespaces = List.of();

    @Override
    public Map<String, String> start() {
        Config connection = sharedConnection();
        pointFabric8At(connection);
        client = new KubernetesClientBuilder().withConfig(connection).build();
        OperatorHarness.installCrds(client);
        String suffix = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(0, 6);
        String team = "dash-team-" + suffix;
        String other = "dash-other-" + suffix;
        String unwatched = "dash-unwatched-" + suffix;
        namespaces = List.of(team, other, unwatched);
        for (String namespace : namespaces) {
            client.resource(new NamespaceBuilder().withNewMetadata().withName(namespace)
                    .withLabels(Map.of("bulkhead.dev/testbed", "true")).endMetadata().build()).create();
        }
        return Map.of(
                "bulkhead.namespaces", team + "," + other,
                "dashboard-test.namespace.team", team,
                "dashboard-test.namespace.other", other,
                "dashboard-test.namespace.unwatched", unwatched);
    }

    /** The JVM's shared testbed client's connection, read through JUnit's class loader. */
    private static Config sharedConnection() {
        ClassLoader junit = org.junit.jupiter.api.Test.class.getClassLoader();
        Object shared;
        Object config;
        // Fabric8 finds its model classes with the context class loader: it must be JUnit's for JUnit's client.
        Thread thread = Thread.currentThread();
        ClassLoader quarkus = thread.getContextClassLoader();
        thread.setContextClassLoader(junit);
        try {
            Class<?> testbed = Class.forName("dev.bulkhead.testbed.Testbed", true, junit);
            shared = testbed.getMethod("sharedKubernetesClient").invoke(null);
            Class<?> clientType = Class.forName(KubernetesClient.class.getName(), false, junit);
            config = clientType.getMethod("getConfiguration").invoke(shared);
        } catch (InvocationTargetException e) {
            // An unavailable testbed: skipped (or failed with CI=true) with its reason, like every testbed test.
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the testbed is not on the test class path: " + e, e);
        } finally {
            thread.setContextClassLoader(quarkus);
        }
        return new ConfigBuilder()
                .withMasterUrl(get(config, "getMasterUrl"))
                .withCaCertData(get(config, "getCaCertData")).withCaCertFile(get(config, "getCaCertFile"))
                .withClientCertData(get(config, "getClientCertData")).withClientCertFile(get(config, "getClientCertFile"))
                .withClientKeyData(get(config, "getClientKeyData")).withClientKeyFile(get(config, "getClientKeyFile"))
                .withClientKeyAlgo(get(config, "getClientKeyAlgo"))
                .withOauthToken(get(config, "getOauthToken"))
                .build();
    }

    private static String get(Object config, String getter) {
        try {
            return (String) config.getClass().getMethod(getter).invoke(config);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Config." + getter + " cannot be read: " + e, e);
        }
    }

    /**
     * Quarkus fixes {@code quarkus.kubernetes-client.*} at build time, so a test resource cannot set them; the
     * application's client starts from Fabric8's auto-configuration, which reads these system properties (set while
     * the application runs, restored in {@link #stop()}). The machine's kubeconfig is ignored.
     */
    private void pointFabric8At(Config c) {
        set(Config.KUBERNETES_AUTH_TRYKUBECONFIG_SYSTEM_PROPERTY, "false");
        set(Config.KUBERNETES_AUTH_TRYSERVICEACCOUNT_SYSTEM_PROPERTY, "false");
        set(Config.KUBERNETES_MASTER_SYSTEM_PROPERTY, c.getMasterUrl());
        set(Config.KUBERNETES_CA_CERTIFICATE_DATA_SYSTEM_PROPERTY, c.getCaCertData());
        set(Config.KUBERNETES_CA_CERTIFICATE_FILE_SYSTEM_PROPERTY, c.getCaCertFile());
        set(Config.KUBERNETES_CLIENT_CERTIFICATE_DATA_SYSTEM_PROPERTY, c.getClientCertData());
        set(Config.KUBERNETES_CLIENT_CERTIFICATE_FILE_SYSTEM_PROPERTY, c.getClientCertFile());
        set(Config.KUBERNETES_CLIENT_KEY_DATA_SYSTEM_PROPERTY, c.getClientKeyData());
        set(Config.KUBERNETES_CLIENT_KEY_FILE_SYSTEM_PROPERTY, c.getClientKeyFile());
        set(Config.KUBERNETES_CLIENT_KEY_ALGO_SYSTEM_PROPERTY, c.getClientKeyAlgo());
        set(Config.KUBERNETES_OAUTH_TOKEN_SYSTEM_PROPERTY, c.getOauthToken());
    }

    private void set(String key, String value) {
        if (value == null || value.isBlank()) {
            return;
        }
        previous.putIfAbsent(key, Optional.ofNullable(System.getProperty(key)));
        System.setProperty(key, value);
    }

    @Override
    public void stop() {
        previous.forEach((key, value) -> value.ifPresentOrElse(v -> System.setProperty(key, v), () -> System.clearProperty(key)));
        previous.clear();
        if (client != null) {
            namespaces.forEach(n -> client.namespaces().withName(n).delete());
            client.close();
        }
    }
}
