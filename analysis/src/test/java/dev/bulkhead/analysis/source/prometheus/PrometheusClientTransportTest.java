package dev.bulkhead.analysis.source.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.bulkhead.analysis.source.MetricSourceException;
import dev.bulkhead.analysis.source.QueryResult;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The client's transport behaviour — retries, backoff, credentials, warnings — which a healthy real Prometheus cannot
 * be made to exhibit on demand (a 503 then a success, a proxy's HTML error page). What Prometheus itself answers
 * (its parse errors, its data) is covered against the real one in the *IT tests.
 */
class PrometheusClientTransportTest {

    private HttpServer server;
    private final Deque<int[]> statuses = new ConcurrentLinkedDeque<>();
    private final Deque<String> bodies = new ConcurrentLinkedDeque<>();
    private final List<String> authorizations = new ArrayList<>();
    private final List<String> forms = new ArrayList<>();
    private final List<Duration> sleeps = new ArrayList<>();

    private static final String OK = """
            {"status":"success","data":{"resultType":"vector","result":[
              {"metric":{"tenant":"acme","version":"v2"},"value":[1767225600.5,"42"]}]},
             "warnings":["remote store x did not answer"]}""";

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/prom/api/v1/query", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                forms.add(URLDecoder.decode(new String(in.readAllBytes(), StandardCharsets.UTF_8), StandardCharsets.UTF_8));
            }
            authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
            int status = statuses.isEmpty() ? 200 : statuses.pop()[0];
            byte[] body = (bodies.isEmpty() ? OK : bodies.pop()).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private PrometheusClient client(PrometheusAuth auth) {
        URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/prom/");
        PrometheusConfig config = PrometheusConfig.of(base).withAuth(auth)
                .withRetries(3, Duration.ofMillis(100), Duration.ofMillis(150));
        return new PrometheusClient(config, HttpClient.newHttpClient(), sleeps::add);
    }

    @Test
    void retriesServerErrorsWithDoublingCappedBackoff() {
        statuses.add(new int[] {503});
        statuses.add(new int[] {502});
        bodies.add("{\"status\":\"error\",\"errorType\":\"unavailable\",\"error\":\"starting\"}");
        bodies.add("<html>bad gateway</html>");
        QueryResult result = client(PrometheusAuth.none()).query("up", Instant.ofEpochMilli(1_767_225_600_500L));

        assertThat(result.samples()).singleElement().satisfies(s -> {
            assertThat(s.labels()).containsEntry("tenant", "acme");
            assertThat(s.value()).isEqualTo(42.0);
            assertThat(s.timestamp()).isEqualTo(Instant.ofEpochMilli(1_767_225_600_500L));
        });
        assertThat(result.warnings()).containsExactly("remote store x did not answer");
        assertThat(sleeps).containsExactly(Duration.ofMillis(100), Duration.ofMillis(150));
        assertThat(forms.get(0)).contains("query=up").contains("time=1767225600.5").contains("timeout=30000ms");
    }

    @Test
    void givesUpAfterTheLastAttemptWithTheLastReason() {
        for (int i = 0; i < 3; i++) {
            statuses.add(new int[] {503});
            bodies.add("{\"status\":\"error\",\"errorType\":\"timeout\",\"error\":\"query timed out\"}");
        }
        assertThatThrownBy(() -> client(PrometheusAuth.none()).query("up", Instant.EPOCH))
                .isInstanceOfSatisfying(MetricSourceException.class,
                        e -> assertThat(e.kind()).isEqualTo(MetricSourceException.Kind.UNAVAILABLE))
                .hasMessageContaining("query timed out").hasMessageContaining("after 3 attempts");
    }

    @Test
    void neverRetriesARejectedQuery() {
        statuses.add(new int[] {400});
        bodies.add("{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"1:4: parse error: unclosed left parenthesis\"}");
        assertThatThrownBy(() -> client(PrometheusAuth.none()).query("sum(", Instant.EPOCH))
                .hasMessageContaining("parse error: unclosed left parenthesis").hasMessageContaining("sum(");
        assertThat(sleeps).isEmpty();
    }

    @Test
    void sendsCredentialsAndKeepsThemOutOfMessages() {
        client(PrometheusAuth.bearer("s3cret-token")).query("up", Instant.EPOCH);
        client(PrometheusAuth.basic("bulkhead", "pa55")).query("up", Instant.EPOCH);
        assertThat(authorizations).containsExactly("Bearer s3cret-token", "Basic YnVsa2hlYWQ6cGE1NQ==");

        statuses.add(new int[] {401});
        bodies.add("Unauthorized");
        assertThatThrownBy(() -> client(PrometheusAuth.bearer("s3cret-token")).query("up", Instant.EPOCH))
                .isInstanceOfSatisfying(MetricSourceException.class,
                        e -> assertThat(e.kind()).isEqualTo(MetricSourceException.Kind.UNAUTHORIZED))
                .hasMessageNotContaining("s3cret-token");
        assertThat(PrometheusAuth.basic("bulkhead", "pa55").toString()).doesNotContain("pa55");
    }

    @Test
    void anUnreachableSourceIsUnavailable() {
        server.stop(0);
        assertThatThrownBy(() -> client(PrometheusAuth.none()).query("up", Instant.EPOCH))
                .isInstanceOfSatisfying(MetricSourceException.class,
                        e -> assertThat(e.kind()).isEqualTo(MetricSourceException.Kind.UNAVAILABLE));
        assertThat(sleeps).hasSize(2);
    }

    @Test
    void theConfiguredTimeoutBoundsEachAttemptAndIsSentToPrometheus() {
        URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/prom/");
        new PrometheusClient(PrometheusConfig.of(base).withTimeout(Duration.ofSeconds(2)), HttpClient.newHttpClient(), sleeps::add)
                .query("up", Instant.EPOCH);
        assertThat(forms.get(0)).contains("timeout=2000ms");
    }

    @Test
    void retriesStopWhenTheCallersTimeCannotHoldAnotherAttempt() {
        for (int i = 0; i < 3; i++) {
            statuses.add(new int[] {503});
            bodies.add("{\"status\":\"error\",\"errorType\":\"unavailable\",\"error\":\"overloaded\"}");
        }
        // 120 ms in all, and the first backoff is 100 ms: a second attempt would have under 20 ms to get an answer.
        assertThatThrownBy(() -> client(PrometheusAuth.none()).query("up", Instant.EPOCH, Duration.ofMillis(120)))
                .isInstanceOfSatisfying(MetricSourceException.class,
                        e -> assertThat(e.kind()).isEqualTo(MetricSourceException.Kind.UNAVAILABLE))
                .hasMessageContaining("overloaded").hasMessageContaining("after 1 of 3 attempts");
        assertThat(sleeps).isEmpty();
        assertThat(forms).hasSize(1);
    }

    @Test
    void aSourceThatAcceptsAndNeverAnswersIsUnavailableWithinTheCallersTime() throws IOException {
        try (ServerSocket blackHole = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<Socket> held = new java.util.concurrent.CopyOnWriteArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(blackHole.accept()); // accepted, never read, never answered
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            // 30 s per attempt and 3 attempts configured: the caller's 300 ms is what bounds the query.
            PrometheusConfig config = PrometheusConfig.of(URI.create("http://127.0.0.1:" + blackHole.getLocalPort()))
                    .withRetries(3, Duration.ofMillis(100), Duration.ofMillis(150));
            PrometheusClient client = new PrometheusClient(config, HttpClient.newHttpClient(), sleeps::add);

            assertThatThrownBy(() -> client.query("up", Instant.EPOCH, Duration.ofMillis(300)))
                    .isInstanceOfSatisfying(MetricSourceException.class,
                            e -> assertThat(e.kind()).isEqualTo(MetricSourceException.Kind.UNAVAILABLE))
                    .hasMessageContaining("did not answer within").hasMessageContaining("after 1 of 3 attempts");
            assertThat(sleeps).isEmpty();
            for (Socket s : held) {
                s.close();
            }
        }
    }
}
