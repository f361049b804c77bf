package dev.bulkhead.operator.release.route;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.opentest4j.TestAbortedException;

/**
 * Installs the third-party CRDs the router tests need into the testbed's API server, fetched at test time from the Go
 * module proxy (never committed): Gateway API's HTTPRoute and Istio's VirtualService. {@code go mod download} caches
 * the modules, so only the first run downloads. Without {@code go} or network the test class is skipped, or fails
 * when {@code CI=true}.
 */
public final class RouteCrds {

    public static final String GATEWAY_API = "sigs.k8s.io/gateway-api@v1.3.0";
    public static final String ISTIO_API = "istio.io/api@v1.27.3";

    private static final ObjectMapper JSON = new ObjectMapper();

    private RouteCrds() {
    }

    /** Gateway API v1.3.0, standard channel: {@code httproutes.gateway.networking.k8s.io}. */
    public static void installHttpRoute(KubernetesClient client) {
        install(client, GATEWAY_API, "config/crd/standard/gateway.networking.k8s.io_httproutes.yaml",
                "httproutes.gateway.networking.k8s.io");
    }

    /** Istio's {@code virtualservices.networking.istio.io} (serves v1). */
    public static void installVirtualService(KubernetesClient client) {
        install(client, ISTIO_API, "kubernetes/customresourcedefinitions.gen.yaml", "virtualservices.networking.istio.io");
    }

    private static synchronized void install(KubernetesClient client, String module, String file, String crdName) {
        if (client.apiextensions().v1().customResourceDefinitions().withName(crdName).get() != null) {
            return;
        }
        Path yaml = moduleDir(module).resolve(file);
        List<HasMetadata> items;
        try (InputStream in = Files.newInputStream(yaml)) {
            items = client.load(in).items();
        } catch (IOException e) {
            throw unavailable("cannot read " + yaml + ": " + e);
        }
        CustomResourceDefinition crd = items.stream()
                .filter(CustomResourceDefinition.class::isInstance).map(CustomResourceDefinition.class::cast)
                .filter(c -> crdName.equals(c.getMetadata().getName()))
                .findFirst()
                .orElseThrow(() -> unavailable(yaml + " holds no CRD " + crdName));
        crd.getMetadata().setResourceVersion(null);
        client.resource(crd).forceConflicts().serverSideApply();
        client.apiextensions().v1().customResourceDefinitions().withName(crdName).waitUntilCondition(
                c -> c != null && c.getStatus() != null && c.getStatus().getConditions() != null
                        && c.getStatus().getConditions().stream()
                        .anyMatch(cond -> "Established".equals(cond.getType()) && "True".equals(cond.getStatus())),
                60, TimeUnit.SECONDS);
    }

    /** {@code go mod download -json module@version} and its {@code Dir}. */
    private static Path moduleDir(String module) {
        try {
            Path work = Files.createTempDirectory("bulkhead-crds");
            ProcessBuilder pb = new ProcessBuilder("go", "mod", "download", "-json", module).directory(work.toFile());
            pb.environment().put("GO111MODULE", "on");
            pb.environment().put("GOFLAGS", "-mod=mod");
            pb.redirectError(ProcessBuilder.Redirect.DISCARD);
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw unavailable("go mod download " + module + " failed: " + out);
            }
            JsonNode info = JSON.readTree(out);
            if (info.hasNonNull("Error") || !info.hasNonNull("Dir")) {
                throw unavailable("go mod download " + module + ": " + info.path("Error").asText("no Dir"));
            }
            return Path.of(info.get("Dir").asText());
        } catch (IOException e) {
            throw unavailable("cannot run go (needed to fetch " + module + "): " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("interrupted while fetching " + module);
        }
    }

    private static RuntimeException unavailable(String reason) {
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            return new IllegalStateException("route CRDs unavailable: " + reason);
        }
        return new TestAbortedException("route CRDs unavailable, skipping: " + reason);
    }
}
