package dev.bulkhead.operator.release.flag.unleash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulkhead.operator.release.flag.FlagLocation;
import dev.bulkhead.operator.release.flag.FlagState;
import dev.bulkhead.operator.release.flag.FlagStore;
import dev.bulkhead.operator.release.flag.FlagStoreContract;
import dev.bulkhead.operator.release.flag.FlagStoreException;
import dev.bulkhead.operator.release.flag.FlagStrategy;
import dev.bulkhead.operator.release.flag.ObservedFlag;
import dev.bulkhead.testbed.TestbedExtension;
import dev.bulkhead.testbed.Unleash;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestbedExtension.class)
class UnleashFlagStoreIT extends FlagStoreContract {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final AtomicInteger FLAGS = new AtomicInteger();
    // Tests share one Unleash server: a run-unique prefix for flag names and the tenant key context field.
    private static final String RUN = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(0, 6);

    private final Unleash unleash;
    private final FlagStore store;

    UnleashFlagStoreIT(Unleash unleash) {
        this.unleash = unleash;
        this.store = new UnleashFlagStore(unleash.baseUrl(), unleash.adminToken(), Duration.ofSeconds(2),
                Duration.ofSeconds(10)).forNamespace("it-" + RUN);
    }

    @Override
    protected FlagStore store() {
        return store;
    }

    @Override
    protected FlagLocation newFlag() {
        return new FlagLocation("default", "development", "bulkhead-it-" + RUN + "-" + FLAGS.incrementAndGet());
    }

    @Override
    protected String tenantKey() {
        return "tenant" + RUN;
    }

    @Override
    protected void addUserStrategy(FlagLocation flag) {
        admin("POST", strategies(flag), """
                {"name":"flexibleRollout","title":"beta testers","parameters":{"rollout":"100","stickiness":"default","groupId":"beta"},
                 "constraints":[{"contextName":"userId","operator":"IN","values":["u1"]}]}""");
    }

    @Override
    protected void alterManagedStrategyByHand(FlagLocation flag, String title) {
        for (JsonNode s : admin("GET", strategies(flag), null)) {
            if (title.equals(s.path("title").asText())) {
                admin("PATCH", strategies(flag) + "/" + s.path("id").asText(),
                        "[{\"op\":\"replace\",\"path\":\"/parameters/rollout\",\"value\":\"100\"}]");
            }
        }
    }

    @Test
    void createsTheTenantKeyContextFieldUsableAsStickiness() {
        store.ensure(newFlag(), null, FlagState.exposing(List.of(
                FlagStrategy.forSegment("free", List.of("f1"), 10, tenantKey(), GROUP))));

        JsonNode field = admin("GET", "/api/admin/context/" + tenantKey(), null);
        assertThat(field.path("stickiness").asBoolean()).isTrue();
    }

    @Test
    void sdksSeeTheSegmentsStrategyAtTheStepsPercentOnTheTenantKey() {
        FlagLocation flag = newFlag();
        store.ensure(flag, null, FlagState.exposing(List.of(
                FlagStrategy.forSegment("paying", List.of("acme", "globex"), 25, tenantKey(), GROUP))));

        JsonNode feature = send("GET", "/api/client/features/" + flag.feature(), null, unleash.clientToken());
        assertThat(feature.path("enabled").asBoolean()).isTrue();
        JsonNode strategy = feature.path("strategies").get(0);
        assertThat(strategy.path("name").asText()).isEqualTo("flexibleRollout");
        assertThat(strategy.path("parameters").path("rollout").asText()).isEqualTo("25");
        assertThat(strategy.path("parameters").path("stickiness").asText()).isEqualTo(tenantKey());
        assertThat(strategy.path("parameters").path("groupId").asText()).isEqualTo(GROUP);
        assertThat(strategy.path("constraints").get(0).path("contextName").asText()).isEqualTo(tenantKey());
        assertThat(strategy.path("constraints").get(0).path("values")).extracting(JsonNode::asText)
                .containsExactly("acme", "globex");
    }

    @Test
    void replacingEveryStrategyKeepsTheEnvironmentOnThoughUnleashSwitchesItOffWithTheLastOne() {
        FlagLocation flag = newFlag();
        store.ensure(flag, null, FlagState.exposing(List.of(
                FlagStrategy.forSegment("internal", List.of("staff"), 100, tenantKey(), GROUP),
                FlagStrategy.forSegment("free", List.of("f1", "f2"), 100, tenantKey(), GROUP))));

        // Promotion: the per-segment strategies give way to one for everyone (deleted first, then added).
        store.ensure(flag, null, FlagState.exposing(List.of(
                FlagStrategy.forDefaultSegment("released", List.of(), 100, tenantKey(), GROUP))));

        ObservedFlag observed = store.observe(flag).orElseThrow();
        assertThat(observed.environmentEnabled()).as("environment on after the strategies were replaced").isTrue();
        assertThat(observed.managed()).extracting(FlagStrategy::name).containsExactly("released");
        JsonNode feature = send("GET", "/api/client/features/" + flag.feature(), null, unleash.clientToken());
        assertThat(feature.path("enabled").asBoolean()).as("what SDKs see").isTrue();
    }

    @Test
    void ensureWritesNothingWhenUnleashAlreadyHoldsTheDesiredState() {
        FlagLocation flag = newFlag();
        FlagState desired = FlagState.exposing(List.of(FlagStrategy.forSegment("free", List.of("f1"), 10, tenantKey(), GROUP)));
        store.ensure(flag, null, desired);
        int events = admin("GET", "/api/admin/events/" + flag.feature(), null).path("events").size();

        store.ensure(flag, null, desired);

        assertThat(admin("GET", "/api/admin/events/" + flag.feature(), null).path("events").size()).isEqualTo(events);
    }

    @Test
    void tellsTheListenerAboutEveryCallByOperationNeverByFlagName() {
        List<String> calls = new java.util.concurrent.CopyOnWriteArrayList<>();
        UnleashFlagStore listened = new UnleashFlagStore(unleash.baseUrl(), unleash.adminToken(), Duration.ofSeconds(2),
                Duration.ofSeconds(10), (operation, status, elapsed) -> calls.add(operation + " " + status));
        FlagLocation flag = newFlag();

        listened.forNamespace("it-" + RUN).ensure(flag, null, FlagState.exposing(List.of(
                FlagStrategy.forSegment("free", List.of("f1"), 10, tenantKey(), GROUP))));

        assertThat(calls).contains("feature.read 404", "feature.create 201", "strategy.add 200", "environment.on 200");
        assertThat(calls).noneMatch(c -> c.contains(flag.feature()));
    }

    @Test
    void aWrongTokenFailsWithTheStatusAndUnleashsReasonButNeverTheToken() {
        String token = "*:*.not-the-right-secret-" + RUN;
        UnleashFlagStore wrong = new UnleashFlagStore(unleash.baseUrl(), token, Duration.ofSeconds(2),
                Duration.ofSeconds(10));

        assertThatThrownBy(() -> wrong.observe(newFlag()))
                .isInstanceOf(FlagStoreException.class)
                .hasMessageContaining("401")
                .hasMessageContaining("token")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(token).doesNotContain("not-the-right-secret"))
                .satisfies(e -> assertThat(((FlagStoreException) e).status()).isEqualTo(401))
                .satisfies(e -> assertThat(((FlagStoreException) e).isTransient()).isFalse());
    }

    @Test
    void anUnreachableUnleashIsATransientFailure() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        UnleashFlagStore unreachable = new UnleashFlagStore(URI.create("http://127.0.0.1:" + closedPort),
                unleash.adminToken(), Duration.ofSeconds(1), Duration.ofSeconds(2));

        assertThatThrownBy(() -> unreachable.observe(newFlag()))
                .isInstanceOf(FlagStoreException.class)
                .hasMessageContaining("unreachable")
                .satisfies(e -> assertThat(((FlagStoreException) e).isTransient()).isTrue())
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(unleash.adminToken()));
    }

    private static String strategies(FlagLocation flag) {
        return "/api/admin/projects/" + flag.project() + "/features/" + flag.feature() + "/environments/"
                + flag.environment() + "/strategies";
    }

    private JsonNode admin(String method, String path, String body) {
        return send(method, path, body, unleash.adminToken());
    }

    private JsonNode send(String method, String path, String body, String token) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(unleash.baseUrl().resolve(path))
                    .header("Authorization", token).header("Content-Type", "application/json")
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new AssertionError(method + " " + path + " -> " + response.statusCode() + " " + response.body());
            }
            return response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
