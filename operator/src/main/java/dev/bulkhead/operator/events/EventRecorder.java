package dev.bulkhead.operator.events;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Writes Kubernetes Events about a resource (rollbacks, pauses, promotions) and, when configured, POSTs the same
 * as JSON to a webhook. Failures to notify are logged, never fail a reconcile: the status holds the truth.
 */
public class EventRecorder {

    private static final Logger LOG = Logger.getLogger(EventRecorder.class);

    private final KubernetesClient client;
    private final Clock clock;
    private final Optional<URI> webhook;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public EventRecorder(KubernetesClient client, Clock clock, Optional<URI> webhook) {
        this.client = client;
        this.clock = clock;
        this.webhook = webhook;
    }

    public void record(HasMetadata about, boolean warning, String reason, String message) {
        String now = clock.instant().toString();
        String namespace = about.getMetadata().getNamespace();
        try {
            client.v1().events().inNamespace(namespace).resource(new EventBuilder()
                    .withNewMetadata().withName(about.getMetadata().getName() + "." + UUID.randomUUID().toString().substring(0, 8))
                        .withNamespace(namespace).endMetadata()
                    .withInvolvedObject(new ObjectReferenceBuilder().withApiVersion(about.getApiVersion())
                            .withKind(about.getKind()).withName(about.getMetadata().getName()).withNamespace(namespace)
                            .withUid(about.getMetadata().getUid()).build())
                    .withType(warning ? "Warning" : "Normal").withReason(reason).withMessage(truncate(message))
                    .withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
                    .withNewSource().withComponent("bulkhead-operator").endSource()
                    .withReportingComponent("bulkhead-operator").build()).create();
        } catch (KubernetesClientException e) {
            LOG.warnf("could not record event %s for %s/%s: %s", reason, namespace, about.getMetadata().getName(), e.getMessage());
        }
        webhook.ifPresent(url -> post(url, about, warning, reason, message, now));
    }

    /**
     * Delivers one notification of the outbox: the Event is named {@code <name>.<id>}, so a second delivery finds it
     * there (409) and counts as done; the webhook body carries {@code id} for receivers to deduplicate, and is sent and
     * answered before this returns. Returns whether both got through; if not, the caller keeps the notification owed.
     */
    public boolean deliver(HasMetadata about, String id, boolean warning, String reason, String message, String at) {
        String namespace = about.getMetadata().getNamespace();
        try {
            client.v1().events().inNamespace(namespace).resource(new EventBuilder()
                    .withNewMetadata().withName(about.getMetadata().getName() + "." + id).withNamespace(namespace).endMetadata()
                    .withInvolvedObject(new ObjectReferenceBuilder().withApiVersion(about.getApiVersion())
                            .withKind(about.getKind()).withName(about.getMetadata().getName()).withNamespace(namespace)
                            .withUid(about.getMetadata().getUid()).build())
                    .withType(warning ? "Warning" : "Normal").withReason(reason).withMessage(truncate(message))
                    .withFirstTimestamp(at).withLastTimestamp(at).withCount(1)
                    .withNewSource().withComponent("bulkhead-operator").endSource()
                    .withReportingComponent("bulkhead-operator").build()).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                LOG.warnf("could not record event %s for %s/%s (kept in the outbox): %s", reason, namespace,
                        about.getMetadata().getName(), e.getMessage());
                return false;
            }
        }
        if (webhook.isEmpty()) {
            return true;
        }
        Map<String, Object> body = body(about, warning, reason, message, at);
        body.put("id", id);
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(webhook.get()).timeout(Duration.ofSeconds(5))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(io.fabric8.kubernetes.client.utils.Serialization.asJson(body)))
                    .build(), HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() >= 300) {
                LOG.warnf("webhook %s for %s answered HTTP %d (kept in the outbox)", reason, about.getMetadata().getName(),
                        response.statusCode());
                return false;
            }
            return true;
        } catch (java.io.IOException | RuntimeException e) {
            LOG.warnf("webhook %s for %s not delivered (kept in the outbox): %s", reason, about.getMetadata().getName(), e.getMessage());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Map<String, Object> body(HasMetadata about, boolean warning, String reason, String message, String now) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("kind", about.getKind());
        body.put("namespace", about.getMetadata().getNamespace());
        body.put("name", about.getMetadata().getName());
        body.put("type", warning ? "Warning" : "Normal");
        body.put("reason", reason);
        body.put("message", message);
        body.put("time", now);
        return body;
    }

    private void post(URI url, HasMetadata about, boolean warning, String reason, String message, String now) {
        Map<String, Object> body = body(about, warning, reason, message, now);
        try {
            String json = io.fabric8.kubernetes.client.utils.Serialization.asJson(body);
            http.sendAsync(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(5))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                    HttpResponse.BodyHandlers.discarding())
                    .whenComplete((r, e) -> {
                        if (e != null || r.statusCode() >= 300) {
                            LOG.warnf("webhook %s for %s: %s", reason, about.getMetadata().getName(),
                                    e != null ? e.getMessage() : "HTTP " + r.statusCode());
                        }
                    });
        } catch (RuntimeException e) {
            LOG.warnf("webhook %s not sent: %s", reason, e.getMessage());
        }
    }

    private static String truncate(String message) {
        return message == null ? "" : message.length() > 1024 ? message.substring(0, 1021) + "..." : message;
    }
}
