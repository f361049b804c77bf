package dev.bulkhead.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;

/** How the canary workload is scaled; it must be ready before any tenant is exposed. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CanarySpec(
        @Default("fixed")
        @JsonPropertyDescription("fixed: always `replicas`; proportional: the stable replicas times the exposed share, at least `replicas`.")
        Scaling scaling,
        @Default("1") @Min(1) @Max(10000)
        @JsonPropertyDescription("Canary replicas (fixed), or the minimum (proportional).")
        Integer replicas,
        @Default("30s") @Pattern(ApiPatterns.DURATION)
        @JsonPropertyDescription("Delay between restoring routing on rollback and scaling the canary down.")
        String scaleDownDelay) {

    /** Canary scaling policy. */
    public enum Scaling {
        @JsonProperty("fixed") FIXED,
        @JsonProperty("proportional") PROPORTIONAL
    }
}
