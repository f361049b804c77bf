package dev.bulkhead.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * Service-level indicators as Prometheus queries grouped by tenant (and version), each with an objective over a
 * window. The status keeps every segment's remaining error budget and burn rates, also when no rollout runs.
 */
@Group(Api.GROUP)
@Version(Api.VERSION)
@ShortNames("bslo")
@Categories("bulkhead")
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Window", jsonPath = ".spec.window", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Frozen", jsonPath = ".status.frozenSegments", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class ServiceLevelObjective extends CustomResource<ServiceLevelObjectiveSpec, ServiceLevelObjectiveStatus>
        implements Namespaced {
}
