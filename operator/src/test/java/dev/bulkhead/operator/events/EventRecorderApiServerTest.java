package dev.bulkhead.operator.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.bulkhead.testbed.TestNamespace;
import dev.bulkhead.testbed.TestbedExtension;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Events on the real API server, and the optional JSON webhook beside them. */
@ExtendWith(TestbedExtension.class)
class EventRecorderApiServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aWarningIsWrittenAsAKubernetesEventAndPostedToTheWebhookAsJson(KubernetesClient client, TestNamespace ns)
            throws IOException {
        List<Received> received = new CopyOnWriteArrayList<>();
        HttpServer webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        webhook.createContext("/hooks/bulkhead", exchange -> {
            received.add(new Received(exchange.getRequestMethod(), exchange.getRequestHeaders().getFirst("Content-Type"),
                    JSON.readTree(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8))));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        webhook.start();
        try {
            ConfigMap about = subject(client, ns, "checkout");
            EventRecorder recorder = new EventRecorder(client, Clock.systemUTC(),
                    Optional.of(URI.create("http://127.0.0.1:" + webhook.getAddress().getPort() + "/hooks/bulkhead")));

            recorder.record(about, true, "SegmentRolledBack", "segment 'paying' failed its analysis");

            Event event = await().atMost(Duration.ofSeconds(10)).until(() -> events(client, ns, "checkout"), l -> !l.isEmpty()).get(0);
            assertThat(event.getType()).isEqualTo("Warning");
            assertThat(event.getReason()).isEqualTo("SegmentRolledBack");
            assertThat(event.getMessage()).isEqualTo("segment 'paying' failed its analysis");
            assertThat(event.getInvolvedObject().getUid()).isEqualTo(about.getMetadata().getUid());
            await().atMost(Duration.ofSeconds(10)).until(() -> !received.isEmpty());
            Received post = received.get(0);
            assertThat(post.method()).isEqualTo("POST");
            assertThat(post.contentType()).isEqualTo("application/json");
            assertThat(post.body().path("kind").asText()).isEqualTo("ConfigMap");
            assertThat(post.body().path("namespace").asText()).isEqualTo(ns.name());
            assertThat(post.body().path("name").asText()).isEqualTo("checkout");
            assertThat(post.body().path("type").asText()).isEqualTo("Warning");
            assertThat(post.body().path("reason").asText()).isEqualTo("SegmentRolledBack");
            assertThat(post.body().path("message").asText()).contains("paying");
            assertThat(post.body().path("time").asText()).isNotBlank();
        } finally {
            webhook.stop(0);
        }
    }

    @Test
    void anUnreachableWebhookStillLeavesTheEventAndRaisesNothing(KubernetesClient client, TestNamespace ns) throws IOException {
        int closedPort;
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        ConfigMap about = subject(client, ns, "cart");
        EventRecorder recorder = new EventRecorder(client, Clock.systemUTC(),
                Optional.of(URI.create("http://127.0.0.1:" + closedPort + "/down")));

        recorder.record(about, false, "Promoted", "stable runs v2");

        Event event = await().atMost(Duration.ofSeconds(10)).until(() -> events(client, ns, "cart"), l -> !l.isEmpty()).get(0);
        assertThat(event.getType()).isEqualTo("Normal");
        assertThat(event.getReason()).isEqualTo("Promoted");
    }

    private record Received(String method, String contentType, JsonNode body) {
    }

    private static ConfigMap subject(KubernetesClient client, TestNamespace ns, String name) {
        return client.configMaps().inNamespace(ns.name()).resource(new ConfigMapBuilder().withNewMetadata().withName(name)
                .endMetadata().addToData("k", "v").build()).create();
    }

    private static List<Event> events(KubernetesClient client, TestNamespace ns, String name) {
        return client.v1().events().inNamespace(ns.name()).list().getItems().stream()
                .filter(e -> name.equals(e.getInvolvedObject().getName())).toList();
    }
}
