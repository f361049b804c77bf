package dev.bulkhead.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/**
 * One exposure level inside a segment. Percent is a fraction of the segment's tenants (not of requests), chosen
 * by Unleash's sticky bucketing, so small segments move in coarse jumps; status reports the tenants exposed.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Step(
        @Required @Min(1) @Max(100)
        @JsonPropertyDescription("Percent of the segment's tenants exposed at this step, 1 to 100.")
        Integer percent,
        @Default("10m") @Pattern(ApiPatterns.DURATION)
        @JsonPropertyDescription("Minimum time at this step with passing analysis before moving on.")
        String bake,
        @Default("false")
        @JsonPropertyDescription("When true, the step waits for a manual promote after its bake time.")
        Boolean manualGate) {
}
