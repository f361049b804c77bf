package dev.bulkhead.operator.testing;

import dev.bulkhead.testbed.Manifests;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.OperatorException;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Runs reconcilers in this JVM on the JOSDK core, against the testbed's real API server, watching one test
 * namespace. The same wiring as the Quarkus application, without booting it, so reconciler scenarios stay fast.
 */
public final class OperatorHarness implements AutoCloseable {

    private final Operator operator;

    private OperatorHarness(Operator operator) {
        this.operator = operator;
    }

    /** Installs Bulkhead's CRDs and admission policies, then starts the reconcilers on {@code namespace}. */
    public static OperatorHarness start(KubernetesClient client, String namespace, List<Reconciler<?>> reconcilers) {
        return start(client, namespace, reconcilers, 0);
    }

    /**
     * The same, with {@code threads} reconcile threads shared by all controllers, as {@code bulkhead.reconcile-threads}
     * sets them in production (0: JOSDK's default).
     */
    public static OperatorHarness start(KubernetesClient client, String namespace, List<Reconciler<?>> reconcilers,
            int threads) {
        installCrds(client);
        Operator operator = new Operator(o -> {
            o.withKubernetesClient(client)
                    .withCloseClientOnStop(false)
                    .withCacheSyncTimeout(Duration.ofSeconds(60))
                    .withReconciliationTerminationTimeout(Duration.ofSeconds(5));
            if (threads > 0) {
                o.withConcurrentReconciliationThreads(threads);
            }
        });
        for (Reconciler<?> reconciler : reconcilers) {
            register(operator, reconciler, namespace);
        }
        try {
            operator.start();
        } catch (OperatorException e) {
            // JOSDK says only "Error starting operator"; a CI log keeps the summary line, so it carries the causes.
            throw new IllegalStateException("the operator did not start: " + causes(e), e);
        }
        return new OperatorHarness(operator);
    }

    private static String causes(Throwable failure) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = failure; t != null && text.length() < 2000; t = t.getCause() == t ? null : t.getCause()) {
            text.append(text.isEmpty() ? "" : " <- ").append(t.getClass().getSimpleName()).append(": ").append(t.getMessage());
        }
        return text.toString();
    }

    public static void installCrds(KubernetesClient client) {
        Manifests.applyCrds(client, Manifests.repositoryRoot().resolve("crds/generated"));
        Manifests.apply(client, Manifests.repositoryRoot().resolve("crds/policies"));
    }

    private static <P extends HasMetadata> void register(Operator operator, Reconciler<P> reconciler, String namespace) {
        operator.register(reconciler, o -> o.settingNamespaces(Set.of(namespace)));
    }

    @Override
    public void close() {
        operator.stop();
    }
}
