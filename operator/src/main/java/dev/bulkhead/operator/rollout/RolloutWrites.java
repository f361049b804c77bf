package dev.bulkhead.operator.rollout;

import dev.bulkhead.api.v1alpha1.OwedNotification;
import dev.bulkhead.api.v1alpha1.Rollout;
import dev.bulkhead.api.v1alpha1.RolloutStatus;
import dev.bulkhead.operator.events.EventRecorder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Rollout's own writes, in the order that makes decisions durable: status first (with the resourceVersion read,
 * so a concurrent change is a 409 and the reconcile decides again, never overwrites), then the action annotations are
 * removed (only if they still carry the consumed id), then the outbox is delivered. Each returns the Rollout as the
 * API server now has it, so the next write carries the current resourceVersion.
 */
public class RolloutWrites {

    private static final String ANNOTATIONS = "/metadata/annotations/";

    private final KubernetesClient client;
    private final EventRecorder events;

    public RolloutWrites(KubernetesClient client, EventRecorder events) {
        this.client = client;
        this.events = events;
    }

    /** The Rollout as the API server has it now (a quorum read), or null when it is gone. */
    public Rollout fresh(Rollout rollout) {
        return client.resources(Rollout.class).inNamespace(rollout.getMetadata().getNamespace())
                .withName(rollout.getMetadata().getName()).get();
    }

    /** Replaces the status, failing with 409 when the Rollout changed since {@code rollout} was read. */
    public Rollout status(Rollout rollout, RolloutStatus status) {
        Rollout copy = Serialization.clone(rollout);
        copy.setStatus(status);
        return client.resources(Rollout.class).inNamespace(rollout.getMetadata().getNamespace()).resource(copy).updateStatus();
    }

    /**
     * Gives a plain action an id before it is applied, with the resourceVersion read: if someone changed the Rollout
     * meanwhile, 409, and the next reconcile reads the new request.
     */
    public Rollout numberAction(Rollout rollout, String id) {
        Map<String, Object> metadata = Map.of("resourceVersion", rollout.getMetadata().getResourceVersion(),
                "annotations", Map.of(ManualActions.ACTION_ID, id));
        return client.resources(Rollout.class).inNamespace(rollout.getMetadata().getNamespace())
                .withName(rollout.getMetadata().getName())
                .patch(PatchContext.of(PatchType.JSON_MERGE), Serialization.asJson(Map.of("metadata", metadata)));
    }

    /**
     * Removes the action annotations once status records action {@code id}; a JSON patch whose test keeps a newer action
     * (another id) in place. Returns the Rollout unchanged when the annotations hold another action by now.
     */
    public Rollout clearAction(Rollout rollout, String id) {
        String idPath = ANNOTATIONS + escape(ManualActions.ACTION_ID);
        List<Map<String, Object>> ops = List.of(
                Map.of("op", "test", "path", idPath, "value", id),
                Map.of("op", "remove", "path", ANNOTATIONS + escape(ManualActions.ACTION)),
                Map.of("op", "remove", "path", idPath));
        try {
            return client.resources(Rollout.class).inNamespace(rollout.getMetadata().getNamespace())
                    .withName(rollout.getMetadata().getName())
                    .patch(PatchContext.of(PatchType.JSON), Serialization.asJson(ops));
        } catch (KubernetesClientException e) {
            if (e.getCode() == 422 || e.getCode() == 409) {
                return rollout; // the test failed: a newer action replaced this one, and is applied on its own
            }
            throw e;
        }
    }

    /** Delivers what the outbox owes; returns what is still owed (delivery failed, retried next reconcile). */
    public List<OwedNotification> deliver(Rollout rollout, List<OwedNotification> outbox) {
        List<OwedNotification> owed = new ArrayList<>();
        for (OwedNotification n : outbox) {
            if (!events.deliver(rollout, n.id(), "Warning".equals(n.type()), n.reason(), n.message(), n.time())) {
                owed.add(n);
            }
        }
        return owed;
    }

    /** RFC 6901: {@code bulkhead.dev/action} → {@code bulkhead.dev~1action}. */
    private static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }
}
