package dev.bulkhead.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulkhead.engine.tenant.TenantBucket;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The demo service against the testbed's real Unleash (the flag, created like Bulkhead's FeatureFlag strategies, is
 * on for acme, hooli and free-01) and real Prometheus (which scrapes it like the playground does).
 */
@QuarkusTest
@WithTestResource(TestbedResource.class)
class DemoServiceIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LABEL = Pattern.compile("(\\w+)=\"([^\"]*)\"");

    private final HttpClient http = HttpClient.newHttpClient();

    @TestHTTPResource("/")
    URL base;

    @ConfigProperty(name = "bulkhead.demo.unleash.url")
    String unleashUrl;
    @ConfigProperty(name = "bulkhead.demo.flag.name")
    String flag;
    @ConfigProperty(name = "demo-it.unleash.admin-token")
    String unleashAdminToken;
    @ConfigProperty(name = "demo-it.prometheus.url")
    String prometheusUrl;
    @ConfigProperty(name = "demo-it.prometheus.config-dir")
    String prometheusConfigDir;

    @AfterEach
    void clearFault() throws Exception {
        assertThat(send("DELETE", "/fault", null, null).statusCode()).isEqualTo(200);
    }

    @Test
    void servesTheNewCodePathOnlyToTenantsTheFlagIsOnFor() throws Exception {
        for (String tenant : List.of("acme", "hooli", "free-01")) {
            assertThat(checkout(tenant)).as(tenant).containsEntry("version", "enabled").containsEntry("codePath", "new");
        }
        for (String tenant : List.of("globex", "free-02", "someone-else")) {
            assertThat(checkout(tenant)).as(tenant).containsEntry("version", "disabled").containsEntry("codePath", "old");
        }
    }

    @Test
    void aPercentageStepExposesTheTenantsTheEngineBucketsIn() throws Exception {
        List<String> exposed = new ArrayList<>();
        for (String tenant : TestbedResource.RAMP) {
            String version = checkout(tenant).get("version");
            assertThat(checkout(tenant)).as("sticky: %s", tenant).containsEntry("version", version);
            assertThat(version).as(tenant)
                    .isEqualTo(TenantBucket.isExposed(flag, tenant, TestbedResource.RAMP_PERCENT) ? "enabled" : "disabled");
            if (version.equals("enabled")) {
                exposed.add(tenant);
            }
        }
        assertThat(exposed).hasSizeBetween(1, TestbedResource.RAMP.size() - 1);
    }

    @Test
    void followsAFlagChangeWithinSeconds() throws Exception {
        assertThat(checkout("late-tenant")).containsEntry("version", "disabled");

        new UnleashAdmin(URI.create(unleashUrl), unleashAdminToken).addStrategy(flag, "bulkhead:late", "late-tenant");

        // Unleash's client API cache (about 1 s) plus the SDK's 1 s refresh.
        await().atMost(Duration.ofSeconds(20)).untilAsserted(
                () -> assertThat(checkout("late-tenant")).containsEntry("version", "enabled"));
    }

    @Test
    void aRequestWithoutTenantIsRefusedAndCounted() throws Exception {
        HttpResponse<String> response = send("GET", "/checkout", null, null);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("X-Tenant-Id header");
        assertThat(sample("http_requests_total", Map.of("tenant", "unknown", "version", "none", "code", "400"))).isPositive();
    }

    @Test
    void theFaultFailsTheNewCodePathOfTheChosenSegmentOnly() throws Exception {
        setFault("{\"segments\": [\"paying\"], \"errorProbability\": 1}");

        assertThat(send("GET", "/checkout", "acme", null).statusCode()).isEqualTo(500);
        assertThat(send("GET", "/checkout", "hooli", null).statusCode()).isEqualTo(500);
        assertThat(send("GET", "/checkout", "free-01", null).statusCode()).as("new code path, other segment").isEqualTo(200);
        assertThat(send("GET", "/checkout", "globex", null).statusCode()).as("old code path").isEqualTo(200);
        assertThat(sample("http_requests_total", Map.of("tenant", "acme", "version", "enabled", "route", "/checkout",
                "code", "500"))).isPositive();
        assertThat(sample("http_requests_total", Map.of("tenant", "globex", "version", "disabled", "route", "/checkout",
                "code", "500"))).isNull();
    }

    @Test
    void theFaultSlowsTheNewCodePathForChosenTenants() throws Exception {
        setFault("{\"tenants\": [\"free-01\"], \"delayMillis\": 400, \"delayProbability\": 1}");

        long started = System.nanoTime();
        assertThat(send("GET", "/checkout", "free-01", null).statusCode()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(400));

        Map<String, String> series = Map.of("tenant", "free-01", "version", "enabled", "route", "/checkout", "code", "200");
        double count = sample("http_request_duration_seconds_count", series);
        assertThat(bucket(series, "0.3")).isLessThan(count);
        assertThat(bucket(series, "0.5")).isEqualTo(count);
    }

    @Test
    void refusesAnInvalidFaultAndKeepsTheCurrentOne() throws Exception {
        setFault("{\"tenants\": [\"acme\"], \"errorProbability\": 0.5}");
        String before = send("GET", "/fault", null, null).body();

        HttpResponse<String> unknownField = send("POST", "/fault", null, "{\"errorRate\": 1}");
        HttpResponse<String> invalid = send("POST", "/fault", null, "{\"segments\": [\"gold\"], \"delayProbability\": 2}");

        assertThat(unknownField.statusCode()).isEqualTo(400);
        assertThat(unknownField.body()).contains("errorRate");
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(invalid.body()).contains("delayProbability must be between 0 and 1, got 2.0")
                .contains("unknown segment 'gold'; configured segments (bulkhead.demo.segments.*): [free, paying]");
        assertThat(send("GET", "/fault", null, null).body()).isEqualTo(before);
    }

    @Test
    void prometheusScrapesTheNamesAndLabelsSloSelectorsUse() throws Exception {
        String job = "demo-it-" + UUID.randomUUID().toString().substring(0, 8);
        Path target = Path.of(prometheusConfigDir, "targets", job + ".yml");
        Files.writeString(target, "- targets: ['" + base.getHost() + ":" + base.getPort() + "']\n  labels: {job: " + job + "}\n");
        try {
            setFault("{\"tenants\": [\"acme\"], \"errorProbability\": 1}");
            send("GET", "/checkout", "acme", null);
            send("GET", "/checkout", "globex", null);

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                // Other tests of this class failed hooli's requests too: select acme.
                assertThat(query("http_requests_total{job=\"" + job + "\", code=~\"5..\", tenant=\"acme\"}")).singleElement()
                        .satisfies(labels -> assertThat(labels).containsEntry("__name__", "http_requests_total")
                                .containsEntry("tenant", "acme").containsEntry("version", "enabled")
                                .containsEntry("route", "/checkout").containsEntry("code", "500"));
                assertThat(query("http_request_duration_seconds_bucket{job=\"" + job + "\", tenant=\"globex\", le=\"0.3\"}"))
                        .singleElement().satisfies(labels -> assertThat(labels).containsEntry("version", "disabled"));
                // The Prometheus Java client prints bucket bounds as Go floats: 1 is le="1.0".
                assertThat(query("http_request_duration_seconds_bucket{job=\"" + job + "\", tenant=\"globex\", le=\"1.0\"}"))
                        .hasSize(1);
                assertThat(query("{__name__=~\"http_request_duration_seconds_(count|sum)\", job=\"" + job + "\", tenant=\"globex\"}"))
                        .hasSize(2);
            });
        } finally {
            Files.deleteIfExists(target);
        }
    }

    private void setFault(String json) throws Exception {
        HttpResponse<String> response = send("POST", "/fault", null, json);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    private Map<String, String> checkout(String tenant) throws Exception {
        HttpResponse<String> response = send("GET", "/checkout", tenant, null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        Map<String, String> fields = new LinkedHashMap<>();
        JSON.readTree(response.body()).fields().forEachRemaining(f -> fields.put(f.getKey(), f.getValue().asText()));
        return fields;
    }

    private HttpResponse<String> send(String method, String path, String tenant, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.toURI().resolve(path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (tenant != null) {
            request.header("X-Tenant-Id", tenant);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The value of the series of {@code /metrics} with this name and (at least) these labels; null when absent. */
    private Double sample(String name, Map<String, String> labels) throws Exception {
        for (String line : send("GET", "/metrics", null, null).body().split("\n")) {
            if (!line.startsWith(name + "{")) {
                continue;
            }
            Map<String, String> found = new LinkedHashMap<>();
            Matcher m = LABEL.matcher(line.substring(0, line.lastIndexOf('}')));
            while (m.find()) {
                found.put(m.group(1), m.group(2));
            }
            if (found.entrySet().containsAll(labels.entrySet())) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return null;
    }

    private double bucket(Map<String, String> series, String le) throws Exception {
        Map<String, String> labels = new LinkedHashMap<>(series);
        labels.put("le", le);
        return sample("http_request_duration_seconds_bucket", labels);
    }

    /** The label sets of an instant query's result. */
    private List<Map<String, String>> query(String promql) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(prometheusUrl + "/api/v1/query?query="
                + URLEncoder.encode(promql, StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("status").asText()).as(response.body()).isEqualTo("success");
        List<Map<String, String>> series = new ArrayList<>();
        for (JsonNode result : body.path("data").path("result")) {
            Map<String, String> labels = new LinkedHashMap<>();
            result.path("metric").fields().forEachRemaining(f -> labels.put(f.getKey(), f.getValue().asText()));
            series.add(labels);
        }
        return series;
    }
}
