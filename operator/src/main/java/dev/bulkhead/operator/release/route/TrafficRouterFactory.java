package dev.bulkhead.operator.release.route;

import dev.bulkhead.api.v1alpha1.ReleaseMethod.RouteRelease;
import dev.bulkhead.operator.release.route.gatewayapi.HttpRouteRouter;
import dev.bulkhead.operator.release.route.istio.VirtualServiceRouter;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Objects;

/** The one place that chooses a {@link TrafficRouter} for a route release. Add a router here and nowhere else. */
public final class TrafficRouterFactory {

    private final KubernetesClient client;
    private final TenantMatching matching;

    /**
     * @param client   the client routers read and write with
     * @param matching whether routers may fall back to regular-expression header matches (operator configuration)
     */
    public TrafficRouterFactory(KubernetesClient client, TenantMatching matching) {
        this.client = Objects.requireNonNull(client);
        this.matching = Objects.requireNonNull(matching);
    }

    /**
     * The router for this release in the Rollout's namespace.
     *
     * @param namespace    the Rollout's namespace
     * @param release      the Rollout's {@code spec.release.route}
     * @param tenantHeader the Segmentation's {@code tenantHeader}
     */
    public TrafficRouter routerFor(String namespace, RouteRelease release, String tenantHeader) {
        RouteTarget target = RouteTarget.of(namespace, release, tenantHeader);
        if (release.gatewayAPI() != null) {
            return new HttpRouteRouter(client, target, matching);
        }
        if (release.istio() != null) {
            return new VirtualServiceRouter(client, target, matching);
        }
        throw new IllegalArgumentException("a route release names neither gatewayAPI nor istio");
    }
}
