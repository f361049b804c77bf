package dev.bulkhead.testbed;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A real Prometheus (Debian's package) on 127.0.0.1.
 *
 * <p>Two kinds exist:
 * <ul>
 * <li>the shared instance a test gets as a parameter from {@link TestbedExtension}: it scrapes every second what is
 * listed in {@code configDir()/targets/*.yml} (Prometheus file_sd format, read within a second), evaluates
 * {@code configDir()/rules/*.yml} after {@link #reload()}, and accepts remote write at {@code /api/v1/write};</li>
 * <li>a dedicated instance from {@link #withOpenMetrics(String)}, whose TSDB holds exactly the given samples:
 * query it at an explicit evaluation time ({@link #query(String, Instant)}) for deterministic results.</li>
 * </ul>
 */
public final class Prometheus implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final URI baseUrl;
    private final Path configDir;
    private final Runnable onClose;

    Prometheus(String baseUrl, Path configDir, Runnable onClose) {
        this.baseUrl = URI.create(baseUrl);
        this.configDir = configDir;
        this.onClose = onClose;
    }

    /**
     * Starts a Prometheus of its own whose storage is backfilled from {@code openMetrics} with
     * {@code promtool tsdb create-blocks-from openmetrics}. Timestamps are Unix seconds; a missing {@code # EOF}
     * line is added. Close it (try-with-resources) to stop it; otherwise it stops when the JVM exits.
     *
     * <p>The instance scrapes nothing, so its storage holds only these samples: use fixed timestamps and query at an
     * explicit time. Remember the 5-minute lookback: an instant query sees a series only within 5 minutes after a sample.
     *
     * @throws org.opentest4j.TestAbortedException when Prometheus cannot start (an {@link IllegalStateException} with
     *     {@code CI=true})
     */
    public static Prometheus withOpenMetrics(String openMetrics) {
        return Testbed.get().dedicatedPrometheus(openMetrics);
    }

    /** For example {@code http://127.0.0.1:41234}. */
    public URI baseUrl() {
        return baseUrl;
    }

    /**
     * The folder of this instance's configuration: put file_sd target files in {@code targets/} and rule files in
     * {@code rules/} (then {@link #reload()}).
     */
    public Path configDir() {
        return configDir;
    }

    /** Asks Prometheus to re-read its configuration and rule files ({@code POST /-/reload}). */
    public void reload() {
        HttpResponse<String> response = send(HttpRequest.newBuilder(baseUrl.resolve("/-/reload"))
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("Prometheus reload failed: HTTP " + response.statusCode() + " " + response.body());
        }
    }

    /** Evaluates an instant query now. */
    public List<Sample> query(String promql) {
        return query(promql, null);
    }

    /**
     * Evaluates an instant query at {@code time} (Prometheus' {@code /api/v1/query}) and returns its samples; a scalar
     * result is one sample without labels.
     *
     * @throws IllegalArgumentException when Prometheus rejects the query (the message holds its error)
     */
    public List<Sample> query(String promql, Instant time) {
        String form = "query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)
                + (time == null ? "" : "&time=" + time.getEpochSecond() + "." + String.format("%03d", time.getNano() / 1_000_000));
        HttpResponse<String> response = send(HttpRequest.newBuilder(baseUrl.resolve("/api/v1/query"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build());
        try {
            JsonNode body = JSON.readTree(response.body());
            if (!"success".equals(body.path("status").asText())) {
                throw new IllegalArgumentException("Prometheus rejected " + promql + ": " + body.path("error").asText(response.body()));
            }
            JsonNode data = body.path("data");
            List<Sample> samples = new ArrayList<>();
            switch (data.path("resultType").asText()) {
                case "vector" -> data.path("result").forEach(r -> samples.add(sample(r.path("metric"), r.path("value"))));
                case "scalar" -> samples.add(sample(JSON.createObjectNode(), data.path("result")));
                default -> throw new IllegalArgumentException("expected an instant vector or scalar from " + promql
                        + ", got " + data.path("resultType").asText());
            }
            return samples;
        } catch (IOException e) {
            throw new IllegalStateException("unreadable answer from Prometheus: " + response.body(), e);
        }
    }

    private static Sample sample(JsonNode metric, JsonNode value) {
        Map<String, String> labels = new LinkedHashMap<>();
        metric.fields().forEachRemaining(f -> labels.put(f.getKey(), f.getValue().asText()));
        return new Sample(labels, Double.parseDouble(value.path(1).asText()));
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("Prometheus at " + request.uri() + " did not answer: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Stops a dedicated instance from {@link #withOpenMetrics(String)}; does nothing for the shared one. */
    @Override
    public void close() {
        if (onClose != null) {
            onClose.run();
        }
    }

    @Override
    public String toString() {
        return "Prometheus[" + baseUrl + "]";
    }

    /** One sample of a query result: its labels (including {@code __name__} when kept) and value. */
    public record Sample(Map<String, String> labels, double value) {
    }
}
