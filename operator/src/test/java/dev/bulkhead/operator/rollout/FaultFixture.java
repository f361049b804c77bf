package dev.bulkhead.operator.rollout;

import static org.awaitility.Awaitility.await;

import dev.bulkhead.api.v1alpha1.AppliedAction;
import dev.bulkhead.api.v1alpha1.Rollout;
import dev.bulkhead.api.v1alpha1.RolloutStatus;
import dev.bulkhead.api.v1alpha1.SegmentStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.getunleash.DefaultUnleash;
import io.getunleash.UnleashContext;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The fault suite's view of a flag rollout: actions written as the kubectl plugin and the dashboard write them, and
 * exposure as applications see it through Unleash's SDK. The suite's traffic has no errors at all: the faults are the
 * operator's, and a chance failing verdict (a few errors of a two-tenant segment) would roll back what a fault test
 * watches.
 */
final class FaultFixture {

    private final KubernetesClient client;
    private final String namespace;
    private final DefaultUnleash sdk;

    FaultFixture(KubernetesClient client, String namespace, DefaultUnleash sdk) {
        this.client = client;
        this.namespace = namespace;
        this.sdk = sdk;
    }

    KubernetesClient client() {
        return client;
    }

    Rollout rollout(String name) {
        return client.resources(Rollout.class).inNamespace(namespace).withName(name).get();
    }

    RolloutStatus status(String name) {
        return Optional.ofNullable(rollout(name)).map(Rollout::getStatus).orElse(null);
    }

    /**
     * Asks for {@code action} as the plugin does: a merge patch of the action, a fresh id and the actor, carrying the
     * resourceVersion read. With {@code withId} false, as a hand-written {@code kubectl annotate} (no id). Returns the id.
     */
    String ask(String name, String action, boolean withId) {
        String id = withId ? UUID.randomUUID().toString() : null;
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
            Rollout r = rollout(name);
            Map<String, Object> annotations = new LinkedHashMap<>();
            annotations.put(ManualActions.ACTION, action);
            annotations.put(ManualActions.ACTION_ID, id); // null removes an id left by someone else's request
            annotations.put(ManualActions.ACTOR, "fault-suite");
            Map<String, Object> metadata = new LinkedHashMap<>();
            metadata.put("resourceVersion", r.getMetadata().getResourceVersion());
            metadata.put("annotations", annotations);
            try {
                client.resources(Rollout.class).inNamespace(namespace).withName(name)
                        .patch(PatchContext.of(PatchType.JSON_MERGE), Serialization.asJson(Map.of("metadata", metadata)));
                return true;
            } catch (KubernetesClientException e) {
                if (e.getCode() == 409) {
                    return false; // the operator wrote meanwhile: read again, as the plugin does
                }
                throw e;
            }
        });
        return id;
    }

    /** Waits until the operator consumed the action (status records it, the annotation is gone) and returns the record. */
    AppliedAction applied(String name, String action, String id, int consumedBefore, Duration within) {
        return await().atMost(within).pollInterval(Duration.ofMillis(100)).until(() -> {
            Rollout r = rollout(name);
            if (r.getMetadata().getAnnotations() != null && r.getMetadata().getAnnotations().containsKey(ManualActions.ACTION)) {
                return null;
            }
            List<AppliedAction> consumed = consumed(r);
            if (id != null) {
                return consumed.stream().filter(a -> id.equals(a.id())).findFirst().orElse(null);
            }
            AppliedAction last = consumed.isEmpty() ? null : consumed.get(consumed.size() - 1);
            return consumed.size() > consumedBefore && last != null && action.equals(last.action()) ? last : null;
        }, a -> a != null);
    }

    static List<AppliedAction> consumed(Rollout r) {
        return r.getStatus() == null || r.getStatus().actions() == null ? List.of() : r.getStatus().actions();
    }

    boolean enabled(String feature, String tenant) {
        return sdk.isEnabled(feature, UnleashContext.builder().addProperty("tenantId", tenant).build());
    }

    long enabledCount(String feature, List<String> tenants) {
        return tenants.stream().filter(t -> enabled(feature, t)).count();
    }

    static SegmentStatus segment(RolloutStatus status, String name) {
        return Scenario.segment(status, name);
    }

    /** The segment's exposed percent, -1 while status does not list it yet (before the first revision is deployed). */
    static int percent(RolloutStatus status, String name) {
        if (status == null || status.segments() == null) {
            return -1;
        }
        return status.segments().stream().filter(s -> s.name().equals(name)).findFirst()
                .map(s -> s.exposedPercent() == null ? -1 : s.exposedPercent()).orElse(-1);
    }

    /** A flag rollout with its own plan body (the lines under {@code plan:}) and analysis interval. */
    static String flagRollout(String name, String feature, String slo, String plan, String rollback) {
        return """
                apiVersion: bulkhead.dev/v1alpha1
                kind: Rollout
                metadata: {name: %s}
                spec:
                  segmentationRef: {name: tiers}
                  workload: {deploymentRef: {name: checkout}}
                  release: {flag: {feature: %s}}
                  plan:
                %s
                  analysis:
                    sloRefs: [{name: %s}]
                    interval: 5s
                    minSamples: 100
                    minRegression: {absolute: 1, relative: 2}
                  postReleaseBake: 2s
                %s
                """.formatted(name, feature, plan.indent(4).stripTrailing(), slo, rollback.indent(2).stripTrailing());
    }
}
