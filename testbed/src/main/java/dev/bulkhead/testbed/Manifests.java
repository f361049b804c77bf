package dev.bulkhead.testbed;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Applies manifests from a folder of the repository (CRDs, admission policies) to the test cluster. */
public final class Manifests {

    private Manifests() {
    }

    /** The repository root the testbed scripts were found under. */
    public static Path repositoryRoot() {
        return Testbed.get().repoRoot();
    }

    /**
     * Server-side applies every CRD in {@code dir} (*.yml, *.yaml) and waits until each is Established and every
     * served version answers a list, so the API server serves its resources when this returns. Safe to call again:
     * the apply is idempotent.
     */
    public static void applyCrds(KubernetesClient client, Path dir) {
        for (Path file : yamlFiles(dir)) {
            CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions().load(file.toFile()).item();
            client.resource(crd).forceConflicts().serverSideApply();
            client.apiextensions().v1().customResourceDefinitions().withName(crd.getMetadata().getName())
                    .waitUntilCondition(Manifests::established, 60, TimeUnit.SECONDS);
            awaitServed(client, crd, Duration.ofSeconds(60));
        }
    }

    /**
     * Waits until a list of each served version of {@code crd} stops answering 404. On an API server that has just
     * started, a CRD can be Established a moment before its resources are routed, and an informer started in that
     * moment fails its first list (seen as JOSDK's "Error starting operator" in CI).
     */
    static void awaitServed(KubernetesClient client, CustomResourceDefinition crd, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (CustomResourceDefinitionVersion version : crd.getSpec().getVersions()) {
            if (!Boolean.TRUE.equals(version.getServed())) {
                continue;
            }
            ResourceDefinitionContext context = new ResourceDefinitionContext.Builder()
                    .withGroup(crd.getSpec().getGroup())
                    .withVersion(version.getName())
                    .withKind(crd.getSpec().getNames().getKind())
                    .withPlural(crd.getSpec().getNames().getPlural())
                    .withNamespaced("Namespaced".equals(crd.getSpec().getScope()))
                    .build();
            while (true) {
                try {
                    client.genericKubernetesResources(context).inAnyNamespace()
                            .list(new ListOptionsBuilder().withLimit(1L).build());
                    break;
                } catch (KubernetesClientException e) {
                    if (e.getCode() != 404 || System.nanoTime() > deadline) {
                        throw new IllegalStateException(crd.getMetadata().getName() + " is Established but "
                                + version.getName() + " is not served: " + e.getMessage(), e);
                    }
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for " + crd.getMetadata().getName(), e);
                }
            }
        }
    }

    /** Server-side applies every object of every YAML file in {@code dir} (cluster-scoped objects, or namespaced ones
     * that name their namespace). */
    public static void apply(KubernetesClient client, Path dir) {
        for (Path file : yamlFiles(dir)) {
            try (InputStream in = Files.newInputStream(file)) {
                for (HasMetadata object : client.load(in).items()) {
                    client.resource(object).forceConflicts().serverSideApply();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static boolean established(CustomResourceDefinition crd) {
        return crd != null && crd.getStatus() != null && crd.getStatus().getConditions() != null
                && crd.getStatus().getConditions().stream()
                        .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static List<Path> yamlFiles(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".yml") || f.toString().endsWith(".yaml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }
}
