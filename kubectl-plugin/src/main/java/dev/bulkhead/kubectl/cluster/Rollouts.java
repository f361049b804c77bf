package dev.bulkhead.kubectl.cluster;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulkhead.api.v1alpha1.Rollout;
import dev.bulkhead.api.v1alpha1.Segmentation;
import dev.bulkhead.api.v1alpha1.SegmentDefinition;
import dev.bulkhead.kubectl.CommandError;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Reads and annotates Rollouts (and the Segmentation they name), with messages that say which object in which namespace. */
public final class Rollouts {

    /** Object names are DNS subdomains; namespaces DNS labels. Checked up front so a typo never becomes an odd URL. */
    private static final Pattern NAME = Pattern.compile("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$");

    private Rollouts() {
    }

    public static String describe(Cluster cluster, String name) {
        return "rollout \"" + name + "\" in namespace \"" + cluster.namespace() + "\"";
    }

    /** The rollout, or a not-found error naming it and its namespace. */
    public static Rollout get(Cluster cluster, String name) {
        checkName(name, "ROLLOUT");
        checkName(cluster.namespace(), "--namespace");
        Rollout rollout = ApiErrors.call(cluster, "get " + describe(cluster, name),
                () -> cluster.client().resources(Rollout.class).inNamespace(cluster.namespace()).withName(name).get());
        if (rollout == null) {
            throw CommandError.notFound("rollout \"" + name + "\" not found in namespace \"" + cluster.namespace() + "\"");
        }
        return rollout;
    }

    /** The rollouts of the namespace, or of every namespace. */
    public static List<Rollout> list(Cluster cluster, boolean allNamespaces) {
        if (allNamespaces) {
            return ApiErrors.call(cluster, "list rollouts in all namespaces",
                    () -> cluster.client().resources(Rollout.class).inAnyNamespace().list().getItems());
        }
        checkName(cluster.namespace(), "--namespace");
        return ApiErrors.call(cluster, "list rollouts in namespace \"" + cluster.namespace() + "\"",
                () -> cluster.client().resources(Rollout.class).inNamespace(cluster.namespace()).list().getItems());
    }

    /** The Segmentation the rollout names, or a not-found error that says where the reference is. */
    public static Segmentation segmentation(Cluster cluster, Rollout rollout) {
        String name = rollout.getSpec().segmentationRef().name();
        String what = "Segmentation \"" + name + "\" (spec.segmentationRef of rollout \"" + rollout.getMetadata().getName()
                + "\")";
        String where = " in namespace \"" + cluster.namespace() + "\"";
        Segmentation segmentation = ApiErrors.call(cluster, "get " + what + where,
                () -> cluster.client().resources(Segmentation.class).inNamespace(cluster.namespace()).withName(name).get());
        if (segmentation == null) {
            throw CommandError.notFound(what + " not found" + where);
        }
        return segmentation;
    }

    /** The segment names a Segmentation defines, in release order. */
    public static List<String> segmentNames(Segmentation segmentation) {
        return Optional.ofNullable(segmentation.getSpec().segments()).orElse(List.of()).stream()
                .map(SegmentDefinition::name).toList();
    }

    /**
     * Sets (or, for a null value, removes) annotations with a JSON merge patch that carries the resourceVersion read,
     * so a change someone made in between is never overwritten.
     *
     * @return the patched rollout, or empty when the rollout changed since {@code current} was read (HTTP 409)
     */
    public static Optional<Rollout> annotate(Cluster cluster, Rollout current, Map<String, String> annotations) {
        ObjectNode patch = JsonNodeFactory.instance.objectNode();
        ObjectNode metadata = patch.putObject("metadata");
        metadata.put("resourceVersion", current.getMetadata().getResourceVersion());
        ObjectNode values = metadata.putObject("annotations");
        annotations.forEach((key, value) -> {
            if (value == null) {
                values.putNull(key);
            } else {
                values.put(key, value);
            }
        });
        String name = current.getMetadata().getName();
        try {
            return Optional.of(cluster.client().resources(Rollout.class).inNamespace(cluster.namespace()).withName(name)
                    .patch(PatchContext.of(PatchType.JSON_MERGE), patch.toString()));
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                return Optional.empty();
            }
            throw ApiErrors.translate(e, "patch the annotations of " + describe(cluster, name),
                    cluster.client().getMasterUrl().toString());
        }
    }

    private static void checkName(String name, String what) {
        if (name == null || name.length() > 253 || !NAME.matcher(name).matches()) {
            throw CommandError.usage(what + ": '" + name + "' is not a Kubernetes object name (lower-case letters, digits, "
                    + "'-' and '.', starting and ending with a letter or digit)");
        }
    }
}
