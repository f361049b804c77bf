package dev.bulkhead.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A key of a ConfigMap in the same namespace. */
public record ConfigMapKeyReference(
        @Required @Size(min = 1, max = 253) @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
        @JsonPropertyDescription("ConfigMap name.")
        String name,
        @Required @Size(min = 1, max = 253) @Pattern("^[-._a-zA-Z0-9]+$")
        @JsonPropertyDescription("Key within the ConfigMap's data.")
        String key) {
}
