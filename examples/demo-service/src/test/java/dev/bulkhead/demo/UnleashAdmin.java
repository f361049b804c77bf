package dev.bulkhead.demo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.stream.Collectors;

/** The few Unleash Admin API calls the tests need to play Bulkhead's part. */
final class UnleashAdmin {

    private static final String FLAGS = "/api/admin/projects/default/features";

    private final HttpClient http = HttpClient.newHttpClient();
    private final URI baseUrl;
    private final String token;

    UnleashAdmin(URI baseUrl, String token) {
        this.baseUrl = baseUrl;
        this.token = token;
    }

    /** Creates a release flag, on in {@code development}, with one strategy for the given tenants. */
    void createFlagForTenants(String flag, String title, String... tenants) {
        // Constraints may only name known context fields; 409: an earlier test created it.
        expect(send("POST", "/api/admin/context", "{\"name\":\"tenantId\",\"stickiness\":true}"), 201, 409);
        expect(send("POST", FLAGS, "{\"name\":\"" + flag + "\",\"type\":\"release\"}"), 201);
        addStrategy(flag, title, tenants);
        expect(send("POST", FLAGS + "/" + flag + "/environments/development/on", ""), 200);
    }

    /** Adds a strategy shaped like the ones Bulkhead's flag store writes: flexibleRollout at 100% for the tenants. */
    void addStrategy(String flag, String title, String... tenants) {
        addStrategy(flag, title, 100, tenants);
    }

    /**
     * Adds a strategy shaped like the ones Bulkhead's flag store writes: flexibleRollout at {@code percent} of the
     * tenants, sticky on {@code tenantId}, the flag's name as group id.
     */
    void addStrategy(String flag, String title, int percent, String... tenants) {
        String values = Arrays.stream(tenants).map(t -> "\"" + t + "\"").collect(Collectors.joining(","));
        expect(send("POST", FLAGS + "/" + flag + "/environments/development/strategies", """
                {"name": "flexibleRollout", "title": "%s",
                 "parameters": {"rollout": "%d", "stickiness": "tenantId", "groupId": "%s"},
                 "constraints": [{"contextName": "tenantId", "operator": "IN", "values": [%s]}]}
                """.formatted(title, percent, flag, values)), 200);
    }

    private static void expect(HttpResponse<String> response, int... codes) {
        if (Arrays.stream(codes).noneMatch(c -> c == response.statusCode())) {
            throw new IllegalStateException("Unleash answered " + response.statusCode() + " to " + response.request().uri()
                    + ": " + response.body());
        }
    }

    private HttpResponse<String> send(String method, String path, String body) {
        HttpRequest request = HttpRequest.newBuilder(baseUrl.resolve(path))
                .header("Authorization", token)
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("Unleash at " + baseUrl + " did not answer: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
