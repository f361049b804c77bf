package dev.bulkhead.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** Where a segment's tenant list comes from when it is too long to write inline. */
public record TenantSource(
        @Required
        @JsonPropertyDescription("A ConfigMap in the Segmentation's namespace and the key holding the tenant keys.")
        ConfigMapKeyReference configMapRef) {
}
