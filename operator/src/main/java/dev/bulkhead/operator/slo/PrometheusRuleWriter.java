package dev.bulkhead.operator.slo;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Objects;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Keeps an SLO's {@code PrometheusRule} equal to {@link PrometheusRules#desired}. The Prometheus Operator is
 * optional: without its CRD nothing is written and nothing is reported. Untyped ({@link GenericKubernetesResource})
 * so that Bulkhead does not depend on the Prometheus Operator's model.
 */
final class PrometheusRuleWriter {

    private static final Logger LOG = Logger.getLogger(PrometheusRuleWriter.class);
    static final String FIELD_MANAGER = "bulkhead";

    private PrometheusRuleWriter() {
    }

    /**
     * Writes {@code desired} when the CRD is served and the object differs; idempotent (an equal object is not
     * written). Returns why the API server refused it, or empty.
     */
    static Optional<String> apply(KubernetesClient client, GenericKubernetesResource desired) {
        String namespace = desired.getMetadata().getNamespace();
        String name = desired.getMetadata().getName();
        try {
            if (!client.supports(PrometheusRules.API_VERSION, PrometheusRules.KIND)) {
                return Optional.empty();
            }
            var resources = client.genericKubernetesResources(PrometheusRules.API_VERSION, PrometheusRules.KIND);
            GenericKubernetesResource current = resources.inNamespace(namespace).withName(name).get();
            if (current != null && upToDate(current, desired)) {
                return Optional.empty();
            }
            client.resource(desired).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
            LOG.infof("PrometheusRule %s/%s %s", namespace, name, current == null ? "created" : "updated");
            return Optional.empty();
        } catch (KubernetesClientException e) {
            LOG.warnf("PrometheusRule %s/%s not written: %s", namespace, name, e.getMessage());
            return Optional.of("PrometheusRule " + name + " was not written: " + e.getMessage());
        }
    }

    private static boolean upToDate(GenericKubernetesResource current, GenericKubernetesResource desired) {
        var labels = current.getMetadata().getLabels();
        boolean labelsKept = labels != null && labels.entrySet().containsAll(desired.getMetadata().getLabels().entrySet());
        return labelsKept
                && Objects.equals(current.getMetadata().getOwnerReferences(), desired.getMetadata().getOwnerReferences())
                && Objects.equals(current.getAdditionalProperties().get("spec"), desired.getAdditionalProperties().get("spec"));
    }
}
