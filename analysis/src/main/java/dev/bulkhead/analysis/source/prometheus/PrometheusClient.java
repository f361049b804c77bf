package dev.bulkhead.analysis.source.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulkhead.analysis.source.MetricSource;
import dev.bulkhead.analysis.source.MetricSourceException;
import dev.bulkhead.analysis.source.MetricSourceException.Kind;
import dev.bulkhead.analysis.source.QueryResult;
import dev.bulkhead.analysis.source.Sample;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@link MetricSource} over the Prometheus HTTP API ({@code /api/v1/query}, {@code /api/v1/query_range}).
 * Queries are sent as form-encoded POSTs so long PromQL never hits URL length limits. Transient failures
 * (connection errors, timeouts, 429 and 5xx) are retried with doubling backoff; a rejected query (400/422,
 * {@code bad_data}, {@code execution}) is not, and its exception carries Prometheus' own message.
 */
public final class PrometheusClient implements MetricSource {

    /** Waits between attempts; a parameter so tests do not sleep. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    /** One series of a range query. */
    public record Series(Map<String, String> labels, List<Point> points) {
    }

    /** One point of a range query. */
    public record Point(Instant time, double value) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Below this an attempt cannot get an answer over a network, so it is not started. */
    private static final Duration MIN_ATTEMPT = Duration.ofMillis(50);
    private static final Duration FOREVER = Duration.ofDays(365);

    private final PrometheusConfig config;
    private final HttpClient http;
    private final Sleeper sleeper;

    public PrometheusClient(PrometheusConfig config) {
        this(config, HttpClient.newBuilder().connectTimeout(config.timeout()).build(), d -> Thread.sleep(d.toMillis()));
    }

    public PrometheusClient(PrometheusConfig config, HttpClient http, Sleeper sleeper) {
        this.config = Objects.requireNonNull(config, "config");
        this.http = Objects.requireNonNull(http, "http");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    @Override
    public QueryResult query(String promql, Instant time) {
        return query(promql, time, null);
    }

    /**
     * {@inheritDoc} Each attempt waits at most {@code min(timeout, time left)}, and no attempt starts (nor a backoff
     * wait) that the time left cannot hold; {@code within} null means the configured attempts with no overall bound.
     */
    @Override
    public QueryResult query(String promql, Instant time, Duration within) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("query", promql);
        form.put("time", epochSeconds(time));
        JsonNode body = post("/api/v1/query", form, promql, within);
        JsonNode data = body.path("data");
        String type = data.path("resultType").asText();
        List<Sample> samples = new ArrayList<>();
        switch (type) {
            case "vector" -> {
                for (JsonNode element : data.path("result")) {
                    JsonNode v = element.path("value");
                    samples.add(new Sample(labels(element.path("metric")), value(v.path(1)), instant(v.path(0))));
                }
            }
            case "scalar" -> {
                JsonNode v = data.path("result");
                samples.add(new Sample(Map.of(), value(v.path(1)), instant(v.path(0))));
            }
            default -> throw new MetricSourceException(Kind.MALFORMED,
                    "Prometheus returned a " + type + " result where an instant vector was expected for: " + promql);
        }
        return new QueryResult(samples, warnings(body));
    }

    /** A range query, for dashboards and the CLI; {@code step} must be positive. */
    public List<Series> queryRange(String promql, Instant start, Instant end, Duration step) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("query", promql);
        form.put("start", epochSeconds(start));
        form.put("end", epochSeconds(end));
        form.put("step", step.toMillis() / 1000.0 + "");
        JsonNode data = post("/api/v1/query_range", form, promql, null).path("data");
        if (!"matrix".equals(data.path("resultType").asText())) {
            throw new MetricSourceException(Kind.MALFORMED, "Prometheus returned no matrix for a range query: " + promql);
        }
        List<Series> out = new ArrayList<>();
        for (JsonNode element : data.path("result")) {
            List<Point> points = new ArrayList<>();
            for (JsonNode v : element.path("values")) {
                points.add(new Point(instant(v.path(0)), value(v.path(1))));
            }
            out.add(new Series(labels(element.path("metric")), points));
        }
        return out;
    }

    private JsonNode post(String path, Map<String, String> form, String promql, Duration within) {
        // A deadline on System.nanoTime: it measures elapsed time, which a wall clock moved by NTP does not.
        long deadline = within == null ? Long.MAX_VALUE : System.nanoTime() + Math.max(0, within.toNanos());
        MetricSourceException last = null;
        Duration backoff = config.initialBackoff();
        int attempt = 1;
        for (; attempt <= config.maxAttempts(); attempt++) {
            if (attempt > 1) {
                if (left(deadline).compareTo(backoff.plus(MIN_ATTEMPT)) < 0) {
                    break; // the caller's time cannot hold the wait and one more useful attempt
                }
                try {
                    sleeper.sleep(backoff);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new MetricSourceException(Kind.UNAVAILABLE, "interrupted while retrying a Prometheus query", e);
                }
                backoff = min(backoff.multipliedBy(2), config.maxBackoff());
            }
            Duration timeout = min(config.timeout(), left(deadline));
            if (timeout.compareTo(MIN_ATTEMPT) < 0) {
                if (last == null) {
                    last = new MetricSourceException(Kind.UNAVAILABLE, "no time was left to query Prometheus at "
                            + config.baseUrl());
                }
                break;
            }
            Map<String, String> attemptForm = new LinkedHashMap<>(form);
            // Prometheus stops evaluating when the client stops waiting, instead of finishing work nobody reads.
            attemptForm.put("timeout", timeout.toMillis() + "ms");
            HttpRequest.Builder request = HttpRequest.newBuilder(endpoint(path))
                    .timeout(timeout)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(encode(attemptForm)));
            config.auth().authorizationHeader().ifPresent(h -> request.header("Authorization", h));
            HttpRequest built = request.build();
            try {
                HttpResponse<String> response = http.send(built, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                int status = response.statusCode();
                if (status == 401 || status == 403) {
                    throw new MetricSourceException(Kind.UNAUTHORIZED, "Prometheus at " + config.baseUrl()
                            + " refused the credentials (HTTP " + status + ", auth " + config.auth() + ")");
                }
                JsonNode body = parse(response.body());
                if (status == 200 && body != null && "success".equals(body.path("status").asText())) {
                    return body;
                }
                String errorType = body == null ? "" : body.path("errorType").asText("");
                String error = body == null ? "" : body.path("error").asText("");
                if (status == 400 || status == 422 || "bad_data".equals(errorType) || "execution".equals(errorType)) {
                    throw new MetricSourceException(Kind.REJECTED, "Prometheus rejected the query (" + errorType + "): "
                            + error + " — query: " + promql);
                }
                boolean transientFailure = status == 429 || status >= 500 || "timeout".equals(errorType)
                        || "unavailable".equals(errorType);
                String what = body == null
                        ? "Prometheus answered HTTP " + status + " with a body that is not a Prometheus API response: "
                                + abbreviate(response.body())
                        : "Prometheus answered HTTP " + status + (error.isEmpty() ? "" : " (" + errorType + "): " + error);
                last = new MetricSourceException(transientFailure ? Kind.UNAVAILABLE : Kind.MALFORMED, what);
                if (!transientFailure) {
                    throw last;
                }
            } catch (HttpTimeoutException e) {
                last = new MetricSourceException(Kind.UNAVAILABLE, "Prometheus at " + config.baseUrl()
                        + " did not answer within " + timeout, e);
            } catch (IOException e) {
                last = new MetricSourceException(Kind.UNAVAILABLE, "cannot reach Prometheus at " + config.baseUrl()
                        + ": " + e, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MetricSourceException(Kind.UNAVAILABLE, "interrupted while querying Prometheus", e);
            }
        }
        int made = attempt - 1;
        String why = made < config.maxAttempts() ? " (after " + made + " of " + config.maxAttempts()
                + " attempts: the query's time of " + within + " ran out)" : " (after " + made + " attempts)";
        throw new MetricSourceException(last.kind(), last.getMessage() + why, last.getCause());
    }

    private static Duration left(long deadline) {
        return deadline == Long.MAX_VALUE ? FOREVER : Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    }

    /** The JSON object of a response, or null when the body is not one (a proxy's HTML error page, say). */
    private static JsonNode parse(String body) {
        try {
            JsonNode node = JSON.readTree(body);
            return node != null && node.isObject() ? node : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static String abbreviate(String body) {
        String oneLine = body == null ? "" : body.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= 200 ? oneLine : oneLine.substring(0, 200) + "…";
    }

    private URI endpoint(String path) {
        String base = config.baseUrl().toString();
        return URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) + path : base + path);
    }

    private static List<String> warnings(JsonNode body) {
        List<String> out = new ArrayList<>();
        body.path("warnings").forEach(w -> out.add(w.asText()));
        return out;
    }

    private static Map<String, String> labels(JsonNode metric) {
        Map<String, String> labels = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = metric.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            labels.put(e.getKey(), e.getValue().asText());
        }
        return labels;
    }

    private static double value(JsonNode v) {
        String text = v.asText();
        return switch (text) {
            case "NaN" -> Double.NaN;
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> {
                try {
                    yield Double.parseDouble(text);
                } catch (NumberFormatException e) {
                    throw new MetricSourceException(Kind.MALFORMED, "Prometheus returned a sample value that is not a number: " + text);
                }
            }
        };
    }

    private static Instant instant(JsonNode t) {
        BigDecimal seconds = t.decimalValue();
        return Instant.ofEpochSecond(0, 0).plusMillis(seconds.movePointRight(3).longValue());
    }

    private static String epochSeconds(Instant t) {
        return BigDecimal.valueOf(t.toEpochMilli()).movePointLeft(3).toPlainString();
    }

    private static String encode(Map<String, String> form) {
        StringBuilder sb = new StringBuilder();
        form.forEach((k, v) -> {
            if (sb.length() > 0) {
                sb.append('&');
            }
            sb.append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8));
        });
        return sb.toString();
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
