package dev.bulkhead.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A workload and how its new revisions are released: deployed with zero exposure, then exposed segment by
 * segment and percent by percent through a traffic route or a feature flag, judged per segment against SLOs, and
 * rolled back automatically by default.
 */
@Group(Api.GROUP)
@Version(Api.VERSION)
@ShortNames("bro")
@Categories("bulkhead")
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Segment", jsonPath = ".status.currentSegment", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Exposure", jsonPath = ".status.exposure", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class Rollout extends CustomResource<RolloutSpec, RolloutStatus> implements Namespaced {
}
