package dev.bulkhead.operator.slo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The Prometheus Operator's {@code PrometheusRule} CRD, taken from its Go module through the Go module proxy (never
 * committed: it is third-party YAML). Without {@code go} or the proxy the calling test is skipped, or fails with
 * {@code CI=true}, like the testbed's own components.
 */
final class PrometheusOperatorCrd {

    static final String MODULE = "github.com/prometheus-operator/prometheus-operator";
    static final String VERSION = "v0.85.0";
    static final String FILE = "example/prometheus-operator-crd/monitoring.coreos.com_prometheusrules.yaml";
    static final String NAME = "prometheusrules.monitoring.coreos.com";

    private PrometheusOperatorCrd() {
    }

    /** Server-side applies the CRD and waits until it is Established. */
    static void install(KubernetesClient client) {
        Path file = download();
        CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions().load(file.toFile()).item();
        client.resource(crd).forceConflicts().serverSideApply();
        client.apiextensions().v1().customResourceDefinitions().withName(NAME).waitUntilCondition(c -> c != null
                && c.getStatus() != null && c.getStatus().getConditions() != null
                && c.getStatus().getConditions().stream().anyMatch(x -> "Established".equals(x.getType()) && "True".equals(x.getStatus())),
                60, TimeUnit.SECONDS);
    }

    private static Path download() {
        try {
            Path workDir = Files.createTempDirectory("bulkhead-go-");
            Process process = new ProcessBuilder("go", "mod", "download", "-json", MODULE + "@" + VERSION)
                    .directory(workDir.toFile()).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
                return unavailable("go mod download " + MODULE + "@" + VERSION + " failed: " + output);
            }
            JsonNode module = new ObjectMapper().readTree(output);
            Path file = Path.of(module.path("Dir").asText()).resolve(FILE);
            return Files.isRegularFile(file) ? file : unavailable(file + " is not in the module");
        } catch (IOException e) {
            return unavailable("cannot run go: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Path unavailable(String reason) {
        if ("true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("the PrometheusRule CRD is needed: " + reason);
        }
        Assumptions.abort("the PrometheusRule CRD is not available: " + reason);
        return null;
    }
}
