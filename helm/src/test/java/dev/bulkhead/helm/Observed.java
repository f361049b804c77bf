package dev.bulkhead.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulkhead.api.v1alpha1.ConditionStatus;
import dev.bulkhead.api.v1alpha1.Rollout;
import dev.bulkhead.api.v1alpha1.RolloutStatus;
import dev.bulkhead.api.v1alpha1.Segmentation;
import dev.bulkhead.api.v1alpha1.SegmentStatus;
import dev.bulkhead.testbed.Prometheus;
import dev.bulkhead.testbed.Unleash;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;

/** What {@link HelmInstallIT} reads back from the cluster, Unleash, Prometheus and the operator. */
final class Observed {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private Observed() {
    }

    static RolloutStatus status(KubernetesClient client, String ns, String name) {
        Rollout rollout = client.resources(Rollout.class).inNamespace(ns).withName(name).get();
        return rollout == null ? null : rollout.getStatus();
    }

    static String phase(KubernetesClient client, String ns, String name) {
        RolloutStatus status = status(client, ns, name);
        return status == null ? null : status.phase();
    }

    static SegmentStatus segment(RolloutStatus status, String name) {
        return status.segments().stream().filter(s -> name.equals(s.name())).findFirst().orElseThrow();
    }

    static boolean segmentationReady(KubernetesClient client, String ns) {
        Segmentation s = client.resources(Segmentation.class).inNamespace(ns).withName("tiers").get();
        return s != null && s.getStatus() != null && s.getStatus().conditions() != null
                && s.getStatus().conditions().stream().anyMatch(c -> "Ready".equals(c.type()) && c.status() == ConditionStatus.TRUE);
    }

    /**
     * The titles of a feature's strategies in Unleash's development environment (Bulkhead's are {@code bulkhead:SEGMENT}),
     * from the Admin API: the client API leaves titles out.
     */
    static List<String> strategyTitles(Unleash unleash, String feature) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                URI.create(unleash.baseUrl() + "/api/admin/projects/default/features/" + feature))
                .header("Authorization", unleash.adminToken()).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 404) {
            return List.of();
        }
        return StreamSupport.stream(JSON.readTree(response.body()).path("environments").spliterator(), false)
                .filter(e -> "development".equals(e.path("name").asText()))
                .flatMap(e -> StreamSupport.stream(e.path("strategies").spliterator(), false))
                .map(s -> s.path("title").asText()).toList();
    }

    static List<JsonNode> prometheusRules(Prometheus prometheus) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(prometheus.baseUrl().resolve("/api/v1/rules")).build(),
                HttpResponse.BodyHandlers.ofString());
        List<JsonNode> rules = new ArrayList<>();
        JSON.readTree(response.body()).at("/data/groups").forEach(g -> {
            if ("bulkhead".equals(g.path("name").asText())) {
                g.path("rules").forEach(rules::add);
            }
        });
        return rules;
    }

    /** The sum of a metric's series that carry {@code label} in the operator's /q/metrics, 0 when none. */
    static double gauge(OperatorProcess operator, String metric, String label) {
        return operator.get("/q/metrics").body().lines().filter(l -> l.startsWith(metric + "{") && l.contains(label))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}
