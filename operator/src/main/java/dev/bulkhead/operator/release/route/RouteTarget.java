package dev.bulkhead.operator.release.route;

import dev.bulkhead.api.v1alpha1.ReleaseMethod.RouteRelease;
import java.util.Objects;

/**
 * The route object a router manages and what its rules point at.
 *
 * @param namespace     namespace of the route object and both Services
 * @param routeName     name of the HTTPRoute or VirtualService
 * @param tenantHeader  HTTP request header carrying the tenant key (matched case-insensitively by both APIs)
 * @param stableService Service of the stable pods: the user's rules send traffic here
 * @param canaryService Service of the canary pods: only Bulkhead's rules send traffic here
 * @param port          Service port the managed rules target
 */
public record RouteTarget(String namespace, String routeName, String tenantHeader, String stableService,
        String canaryService, int port) {

    public RouteTarget {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(routeName, "routeName");
        Objects.requireNonNull(tenantHeader, "tenantHeader");
        Objects.requireNonNull(stableService, "stableService");
        Objects.requireNonNull(canaryService, "canaryService");
        if (stableService.equals(canaryService)) {
            throw new IllegalArgumentException("stable and canary Service must differ, both are " + stableService);
        }
    }

    /** The target a Rollout's route release names, in the Rollout's namespace. */
    public static RouteTarget of(String namespace, RouteRelease release, String tenantHeader) {
        String route = release.gatewayAPI() != null
                ? release.gatewayAPI().httpRoute().name()
                : release.istio().virtualService().name();
        return new RouteTarget(namespace, route, tenantHeader, release.stableService().name(),
                release.canaryService().name(), release.port() == null ? 80 : release.port());
    }

    @Override
    public String toString() {
        return namespace + "/" + routeName;
    }
}
