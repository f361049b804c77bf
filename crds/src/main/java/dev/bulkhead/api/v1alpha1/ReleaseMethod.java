package dev.bulkhead.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** How tenants are exposed: requests routed by tenant header, or a feature flag evaluated per tenant. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "has(self.route) != has(self.flag)",
        message = "a release takes exactly one of route or flag", reason = "FieldValueInvalid")
public record ReleaseMethod(
        @JsonPropertyDescription("Release by traffic route: requests of exposed tenants go to the canary Service.")
        RouteRelease route,
        @JsonPropertyDescription("Release by feature flag in Unleash: exposed tenants get the flag on.")
        FlagRelease flag) {

    /** Traffic routing by tenant header, through exactly one router. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @ValidationRule(value = "has(self.gatewayAPI) != has(self.istio)",
            message = "a route release takes exactly one of gatewayAPI or istio", reason = "FieldValueInvalid")
    public record RouteRelease(
            @JsonPropertyDescription("A Gateway API HTTPRoute whose rules Bulkhead manages.")
            GatewayApiRoute gatewayAPI,
            @JsonPropertyDescription("An Istio VirtualService whose routes Bulkhead manages.")
            IstioRoute istio,
            @Required
            @JsonPropertyDescription("Service selecting the stable pods; created by Bulkhead for an owned template when absent.")
            ObjectReference stableService,
            @Required
            @JsonPropertyDescription("Service selecting the canary pods; created by Bulkhead.")
            ObjectReference canaryService,
            @Default("80")
            @JsonPropertyDescription("Service port the route sends traffic to.")
            Integer port) {
    }

    /** A Gateway API HTTPRoute. */
    public record GatewayApiRoute(
            @Required @JsonPropertyDescription("Name of the HTTPRoute in the Rollout's namespace.")
            ObjectReference httpRoute) {
    }

    /** An Istio VirtualService. */
    public record IstioRoute(
            @Required @JsonPropertyDescription("Name of the VirtualService in the Rollout's namespace.")
            ObjectReference virtualService) {
    }

    /** A feature flag in Unleash, kept in sync through its Admin API. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FlagRelease(
            @Required @Size(min = 1, max = 100) @Pattern("^[A-Za-z0-9_.~-]+$")
            @JsonPropertyDescription("Unleash feature (flag) name; created when absent.")
            String feature,
            @Default("default") @Size(min = 1, max = 100)
            @JsonPropertyDescription("Unleash project.")
            String project,
            @Default("development") @Size(min = 1, max = 100)
            @JsonPropertyDescription("Unleash environment the strategies are written to.")
            String environment) {
    }
}
