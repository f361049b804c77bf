package dev.bulkhead.kubectl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulkhead.api.v1alpha1.Rollout;
import dev.bulkhead.kubectl.Cli.Run;
import dev.bulkhead.testbed.Prometheus;
import dev.bulkhead.testbed.TestNamespace;
import dev.bulkhead.testbed.TestbedExtension;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * analyze against the testbed's kube-apiserver (the rollout, its Segmentation with a ConfigMap tenant list, its SLO)
 * and a real Prometheus holding an hour of per-tenant traffic of a flag release: paying's p1 and p2 get 5% and 3%
 * errors on the new code path, every other tenant 0.1% on either path.
 */
@ExtendWith(TestbedExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AnalyzeApiServerTest {

    /** 2026-01-01T00:00:00Z, and one hour of 15-second scrapes after it. */
    private static final long T0 = 1_767_225_600L;
    private static final int SCRAPES = 240;
    private static final Instant END = Instant.ofEpochSecond(T0 + SCRAPES * 15L);

    private static final String RESOURCES = """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: paying-tenants}
            data:
              tenants: |
                p1
                p2, p3
                p4
            ---
            apiVersion: bulkhead.dev/v1alpha1
            kind: Segmentation
            metadata: {name: tiers}
            spec:
              segments:
                - {name: internal, tenants: [staff]}
                - {name: free, tenants: [f1, f2, f3, f4]}
                - {name: paying, tenantsFrom: {configMapRef: {name: paying-tenants, key: tenants}}}
                - {name: enterprise, tenants: [e1, e2]}
            ---
            apiVersion: bulkhead.dev/v1alpha1
            kind: ServiceLevelObjective
            metadata: {name: checkout}
            spec:
              segmentationRef: {name: tiers}
              indicators:
                - name: availability
                  objective: 99.9
                  events:
                    bad: http_requests_total{job="checkout", code=~"5.."}
                    total: http_requests_total{job="checkout"}
            ---
            apiVersion: bulkhead.dev/v1alpha1
            kind: Rollout
            metadata: {name: pricing}
            spec:
              segmentationRef: {name: tiers}
              workload: {deploymentRef: {name: checkout}}
              release: {flag: {feature: new-pricing}}
              analysis: {sloRefs: [{name: checkout}], interval: 10m}
            ---
            apiVersion: bulkhead.dev/v1alpha1
            kind: Rollout
            metadata: {name: no-slo}
            spec:
              segmentationRef: {name: tiers}
              workload: {deploymentRef: {name: checkout}}
              release: {flag: {feature: new-pricing}}
              analysis: {sloRefs: [{name: missing}]}
            """;

    private KubernetesClient client;
    private String ns;
    private String kubeconfig;
    private Prometheus prometheus;

    @BeforeAll
    void fixtures(KubernetesClient client, TestNamespace namespace) throws Exception {
        this.client = client;
        this.ns = namespace.name();
        ClusterFixtures.installCrds(client);
        for (HasMetadata object : client.load(new ByteArrayInputStream(RESOURCES.getBytes(StandardCharsets.UTF_8))).items()) {
            client.resource(object).inNamespace(ns).create();
        }
        Path dir = Files.createTempDirectory("kubectl-bulkhead-analyze");
        dir.toFile().deleteOnExit();
        kubeconfig = TestKubeconfig.forCluster(client.getConfiguration(), ns, "default", dir).toString();
        dir.resolve("kubeconfig").toFile().deleteOnExit();
        prometheus = Prometheus.withOpenMetrics(traffic());
    }

    @AfterAll
    void stopPrometheus() {
        if (prometheus != null) {
            prometheus.close();
        }
    }

    private Run cli(Map<String, String> environment, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--kubeconfig", kubeconfig, "--at", END.toString()));
        return Cli.run(environment, all.toArray(String[]::new));
    }

    @Test
    void judgesEverySegmentWithTheRolloutsSloAndExitsFiveWhenOneFails() {
        String before = ClusterFixtures.get(client, ns, "pricing").getMetadata().getResourceVersion();

        Run run = cli(Map.of(), "analyze", "pricing", "--prometheus-url", prometheus.baseUrl().toString(), "--bake-complete");

        assertThat(run.exit()).as(run.toString()).isEqualTo(ExitCodes.ROLLOUT_FAILED);
        assertThat(run.out()).startsWith("Analysis dry run of rollout " + ns + "/pricing: canary 'enabled' against stable "
                + "'disabled', window 10m, Prometheus " + prometheus.baseUrl() + ". Nothing was changed.\n\nSLO checkout\n")
                .containsPattern("paying\\s+FAIL\\s+RelevantRegression\\s+p1,p2")
                .containsPattern("free\\s+(PASS|INCONCLUSIVE)")
                .contains("tenant p1");
        Rollout after = ClusterFixtures.get(client, ns, "pricing");
        assertThat(after.getMetadata().getResourceVersion()).as("nothing changed").isEqualTo(before);
        assertThat(after.getStatus()).isNull();
    }

    @Test
    void takesThePrometheusUrlFromTheEnvironmentAndPrintsJsonForTheSegmentsAsked() throws Exception {
        Run run = cli(Map.of("BULKHEAD_PROMETHEUS_URL", prometheus.baseUrl().toString()), "analyze", "pricing",
                "--segment", "free", "--segment", "internal", "-o", "json");

        assertThat(run.exit()).as(run.toString()).isZero();
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertThat(json.path("rollout").asText()).isEqualTo("pricing");
        assertThat(json.path("canaryVersion").asText()).isEqualTo("enabled");
        JsonNode analysis = json.path("slos").get(0).path("analysis");
        assertThat(json.path("slos").get(0).path("slo").asText()).isEqualTo("checkout");
        assertThat(analysis.path("segments")).extracting(s -> s.path("segment").asText()).containsExactly("free", "internal");
        assertThat(analysis.path("evaluatedAt").asText()).isEqualTo(END.toString());
    }

    @Test
    void aSegmentTheSegmentationDoesNotDefineExitsThree() {
        Run run = cli(Map.of(), "analyze", "pricing", "--prometheus-url", prometheus.baseUrl().toString(), "--segment", "gold");
        assertThat(run.exit()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(run.err()).isEqualTo("error: segment \"gold\" is not defined by Segmentation \"tiers\" of rollout " + ns
                + "/pricing (it defines: internal, free, paying, enterprise)\n");
    }

    @Test
    void aMissingSloExitsThreeNamingTheReference() {
        Run run = cli(Map.of(), "analyze", "no-slo", "--prometheus-url", prometheus.baseUrl().toString());
        assertThat(run.exit()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(run.err()).isEqualTo("error: ServiceLevelObjective \"missing\" (spec.analysis.sloRefs[0] of rollout \"no-slo\") "
                + "not found in namespace \"" + ns + "\"\n");
    }

    @Test
    void anUnreachablePrometheusExitsOneWithTheAnalysisError() {
        Run run = cli(Map.of(), "analyze", "pricing", "--prometheus-url", "http://127.0.0.1:1", "--query-timeout", "2s");
        assertThat(run.exit()).as(run.toString()).isEqualTo(ExitCodes.ERROR);
        assertThat(run.out()).containsPattern("paying\\s+ERROR");
        assertThat(run.err()).startsWith("error: the analysis could not query Prometheus at http://127.0.0.1:1: ");
    }

    /** Per tenant: its version (enabled: the new code path) and its share of 5xx; 300 requests per scrape each. */
    private static String traffic() {
        Map<String, Object[]> tenants = new LinkedHashMap<>();
        tenants.put("staff", new Object[] {"enabled", 0.001});
        tenants.put("f1", new Object[] {"enabled", 0.001});
        tenants.put("f2", new Object[] {"disabled", 0.001});
        tenants.put("f3", new Object[] {"disabled", 0.001});
        tenants.put("f4", new Object[] {"disabled", 0.001});
        tenants.put("p1", new Object[] {"enabled", 0.05});
        tenants.put("p2", new Object[] {"enabled", 0.03});
        tenants.put("p3", new Object[] {"disabled", 0.001});
        tenants.put("p4", new Object[] {"disabled", 0.001});
        tenants.put("e1", new Object[] {"disabled", 0.001});
        tenants.put("e2", new Object[] {"disabled", 0.001});
        StringBuilder out = new StringBuilder("# TYPE http_requests counter\n");
        for (int k = 0; k <= SCRAPES; k++) {
            long t = T0 + k * 15L;
            for (var e : tenants.entrySet()) {
                long total = k * 300L;
                long bad = (long) Math.floor(total * (double) e.getValue()[1] + 1e-9);
                String labels = "job=\"checkout\",tenant=\"" + e.getKey() + "\",version=\"" + e.getValue()[0] + "\"";
                out.append(String.format(Locale.ROOT, "http_requests_total{%s,code=\"200\"} %d %d%n", labels, total - bad, t));
                out.append(String.format(Locale.ROOT, "http_requests_total{%s,code=\"500\"} %d %d%n", labels, bad, t));
            }
        }
        return out.append("# EOF\n").toString();
    }
}
