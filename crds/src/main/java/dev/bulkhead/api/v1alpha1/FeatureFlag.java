package dev.bulkhead.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A per-tenant feature flag declared in Kubernetes and kept in sync with Unleash: on for listed tenants and for
 * a percentage of each segment's tenants, with the same sticky bucketing a Rollout uses.
 */
@Group(Api.GROUP)
@Version(Api.VERSION)
@ShortNames("bflag")
@Categories("bulkhead")
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Feature", jsonPath = ".spec.unleash.feature", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Enabled", jsonPath = ".spec.enabled", type = AdditionalPrinterColumn.Type.BOOLEAN)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class FeatureFlag extends CustomResource<FeatureFlagSpec, FeatureFlagStatus> implements Namespaced {
}
