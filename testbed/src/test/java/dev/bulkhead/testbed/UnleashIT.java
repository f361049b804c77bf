package dev.bulkhead.testbed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

@ExtendWith(TestbedExtension.class)
class UnleashIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void flagWithATenantConstraintIsReadBackThroughTheClientApi(Unleash unleash) throws Exception {
        String flag = "testbed-" + UUID.randomUUID().toString().substring(0, 8);
        // Constraints may only name known context fields; 409 means an earlier test created it.
        int context = send(unleash, unleash.adminToken(), "POST", "/api/admin/context",
                "{\"name\":\"tenantId\",\"stickiness\":true}").statusCode();
        assertThat(context).isIn(201, 409);
        assertThat(send(unleash, unleash.adminToken(), "POST", "/api/admin/projects/default/features",
                "{\"name\":\"" + flag + "\",\"type\":\"release\"}").statusCode()).isEqualTo(201);
        HttpResponse<String> strategy = send(unleash, unleash.adminToken(), "POST",
                "/api/admin/projects/default/features/" + flag + "/environments/development/strategies", """
                        {"name": "flexibleRollout",
                         "parameters": {"rollout": "25", "stickiness": "tenantId", "groupId": "%s"},
                         "constraints": [{"contextName": "tenantId", "operator": "IN", "values": ["acme", "globex"]}]}
                        """.formatted(flag));
        assertThat(strategy.statusCode()).as(strategy.body()).isEqualTo(200);
        assertThat(send(unleash, unleash.adminToken(), "POST",
                "/api/admin/projects/default/features/" + flag + "/environments/development/on", "").statusCode()).isEqualTo(200);

        // The client API answers from a cache that refreshes within about a second.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            HttpResponse<String> features = send(unleash, unleash.clientToken(), "GET", "/api/client/features", null);
            assertThat(features.statusCode()).isEqualTo(200);
            JsonNode feature = null;
            for (JsonNode f : JSON.readTree(features.body()).path("features")) {
                if (flag.equals(f.path("name").asText())) {
                    feature = f;
                }
            }
            assertThat(feature).as("flag %s in %s", flag, features.body()).isNotNull();
            assertThat(feature.path("enabled").asBoolean()).isTrue();
            JsonNode rollout = feature.path("strategies").path(0);
            assertThat(rollout.path("name").asText()).isEqualTo("flexibleRollout");
            assertThat(rollout.path("parameters").path("rollout").asText()).isEqualTo("25");
            JsonNode constraint = rollout.path("constraints").path(0);
            assertThat(constraint.path("contextName").asText()).isEqualTo("tenantId");
            assertThat(constraint.path("operator").asText()).isEqualTo("IN");
            assertThat(constraint.path("values")).extracting(JsonNode::asText).containsExactly("acme", "globex");
        });
    }

    private HttpResponse<String> send(Unleash unleash, String token, String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(unleash.baseUrl() + path))
                .header("Authorization", token).header("Content-Type", "application/json");
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
