package dev.bulkhead.testbed;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
     * Server-side applies every CRD in {@code dir} (*.yml, *.yaml) and waits until each is Established, so the
     * API server serves its resources when this returns. Safe to call again: the apply is idempotent.
     */
    public static void applyCrds(KubernetesClient client, Path dir) {
        for (Path file : yamlFiles(dir)) {
            CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions().load(file.toFile()).item();
            client.resource(crd).forceConflicts().serverSideApply();
            client.apiextensions().v1().customResourceDefinitions().withName(crd.getMetadata().getName())
                    .waitUntilCondition(Manifests::established, 60, TimeUnit.SECONDS);
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
