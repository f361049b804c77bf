package dev.bulkhead.operator.release.flag.unleash;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.bulkhead.operator.release.flag.FlagStoreException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jboss.logging.Logger;

/**
 * A small client of Unleash's Admin API: JSON in and out, a timeout on every request, errors turned into
 * {@link FlagStoreException}s with Unleash's own message and the HTTP status. The token goes only into the
 * {@code Authorization} header (raw, no scheme, as Unleash expects); it never appears in a message or a log line.
 */
final class UnleashAdminClient {

    private static final Logger LOG = Logger.getLogger(UnleashAdminClient.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A response body and status; {@code body} is a MissingNode when Unleash sent none. */
    record Response(int status, JsonNode body) {
        boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    private final URI baseUrl;
    private final String token;
    private final Duration requestTimeout;
    private final HttpClient http;
    private final UnleashCallListener listener;

    UnleashAdminClient(URI baseUrl, String token, Duration connectTimeout, Duration requestTimeout,
            UnleashCallListener listener) {
        this.listener = Objects.requireNonNull(listener);
        this.baseUrl = URI.create(Objects.requireNonNull(baseUrl).toString().replaceAll("/+$", "") + "/");
        this.token = Objects.requireNonNull(token);
        this.requestTimeout = Objects.requireNonNull(requestTimeout);
        this.http = HttpClient.newBuilder().connectTimeout(connectTimeout).build();
    }

    /**
     * Sends a request; any status is returned, only transport failures throw.
     *
     * @param operation low-cardinality name of the call for the {@link UnleashCallListener}
     */
    Response send(String operation, String method, String path, Object body) {
        HttpRequest.BodyPublisher publisher;
        try {
            publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot serialise a request body", e);
        }
        HttpRequest request = HttpRequest.newBuilder(baseUrl.resolve(path.substring(1)))
                .timeout(requestTimeout)
                .header("Authorization", token)
                .header("Accept", "application/json")
                .header("Content-Type", "application/json")
                .method(method, publisher)
                .build();
        long started = System.nanoTime();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            listener.onCall(operation, response.statusCode(), Duration.ofNanos(System.nanoTime() - started));
            LOG.debugf("Unleash %s %s -> %d in %d ms", method, path, response.statusCode(),
                    (System.nanoTime() - started) / 1_000_000);
            return new Response(response.statusCode(), parse(response.body()));
        } catch (java.net.http.HttpTimeoutException e) {
            listener.onCall(operation, 0, Duration.ofNanos(System.nanoTime() - started));
            throw new FlagStoreException("Unleash at " + baseUrl + " did not answer " + method + " " + path + " within "
                    + requestTimeout.toMillis() + " ms", 0, e);
        } catch (IOException e) {
            listener.onCall(operation, 0, Duration.ofNanos(System.nanoTime() - started));
            throw new FlagStoreException("Unleash at " + baseUrl + " is unreachable (" + method + " " + path + "): "
                    + e, 0, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FlagStoreException("interrupted while calling Unleash (" + method + " " + path + ")", 0, e);
        }
    }

    /** Sends a request and returns the body of a 2xx answer, or throws with Unleash's reason. */
    JsonNode call(String operation, String method, String path, Object body, String what) {
        Response response = send(operation, method, path, body);
        if (!response.ok()) {
            throw failure(response, method, path, what);
        }
        return response.body();
    }

    FlagStoreException failure(Response response, String method, String path, String what) {
        return new FlagStoreException(what + ": Unleash answered " + response.status() + " to " + method + " " + path
                + reason(response), response.status());
    }

    /** Unleash's error text: {@code message} plus the {@code details[].message} it adds for validation errors. */
    private static String reason(Response response) {
        JsonNode body = response.body();
        List<String> parts = new ArrayList<>();
        if (body.hasNonNull("message")) {
            parts.add(body.get("message").asText());
        }
        for (JsonNode detail : body.path("details")) {
            String m = detail.path("message").asText("");
            if (!m.isEmpty() && !parts.contains(m)) {
                parts.add(m);
            }
        }
        if (response.status() == 401 || response.status() == 403) {
            parts.add("check the operator's Unleash admin token (or personal access token) and its permissions");
        }
        return parts.isEmpty() ? "" : ": " + String.join(" — ", parts);
    }

    static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return MissingNode.getInstance();
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            // Proxies answer HTML; keep a short excerpt as the message.
            return JSON.createObjectNode().put("message", body.length() > 200 ? body.substring(0, 200) + "…" : body);
        }
    }
}
