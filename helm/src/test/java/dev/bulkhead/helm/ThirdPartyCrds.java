package dev.bulkhead.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.opentest4j.TestAbortedException;

/**
 * The CRDs of the other projects the operator writes to, taken from their Go modules through the Go module proxy
 * (never committed: third-party YAML), at the versions the operator's own tests use: Gateway API's HTTPRoute and the
 * Prometheus Operator's PrometheusRule and ServiceMonitor. Without {@code go} or the proxy the test is skipped, or
 * fails with {@code CI=true}.
 */
final class ThirdPartyCrds {

    static final String GATEWAY_API = "sigs.k8s.io/gateway-api@v1.3.0";
    static final String PROMETHEUS_OPERATOR = "github.com/prometheus-operator/prometheus-operator@v0.85.0";

    private ThirdPartyCrds() {
    }

    static void installHttpRoute(KubernetesClient client) {
        install(client, GATEWAY_API, "config/crd/standard/gateway.networking.k8s.io_httproutes.yaml");
    }

    static void installPrometheusOperator(KubernetesClient client) {
        install(client, PROMETHEUS_OPERATOR, "example/prometheus-operator-crd/monitoring.coreos.com_prometheusrules.yaml");
        install(client, PROMETHEUS_OPERATOR, "example/prometheus-operator-crd/monitoring.coreos.com_servicemonitors.yaml");
    }

    private static void install(KubernetesClient client, String module, String file) {
        CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions()
                .load(moduleDir(module).resolve(file).toFile()).item();
        crd.getMetadata().setResourceVersion(null);
        client.resource(crd).forceConflicts().serverSideApply();
        client.apiextensions().v1().customResourceDefinitions().withName(crd.getMetadata().getName()).waitUntilCondition(
                c -> c != null && c.getStatus() != null && c.getStatus().getConditions() != null && c.getStatus().getConditions()
                        .stream().anyMatch(x -> "Established".equals(x.getType()) && "True".equals(x.getStatus())),
                60, TimeUnit.SECONDS);
    }

    private static Path moduleDir(String module) {
        try {
            Path work = Files.createTempDirectory("bulkhead-go-");
            Process process = new ProcessBuilder("go", "mod", "download", "-json", module).directory(work.toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw unavailable("go mod download " + module + " failed: " + out);
            }
            JsonNode json = new ObjectMapper().readTree(out);
            return Path.of(json.path("Dir").asText());
        } catch (IOException e) {
            throw unavailable("cannot run go: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static RuntimeException unavailable(String reason) {
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            return new IllegalStateException(reason + " (CI=true: never skipped)");
        }
        return new TestAbortedException(reason + " (skipped; with CI=true this fails)");
    }
}
