package dev.bulkhead.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * How tenants map to ordered segments (rings), and the names under which the tenant key travels: the Unleash
 * context field, the HTTP header and the metric label.
 */
@Group(Api.GROUP)
@Version(Api.VERSION)
@ShortNames("seg")
@Categories("bulkhead")
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Segments", jsonPath = ".status.segmentCount", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Tenants", jsonPath = ".status.tenantCount", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class Segmentation extends CustomResource<SegmentationSpec, SegmentationStatus> implements Namespaced {
}
