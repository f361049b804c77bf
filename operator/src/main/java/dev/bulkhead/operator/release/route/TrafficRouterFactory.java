package dev.bulkhead.operator.release.route;

import dev.bulkhead.api.v1alpha1.ReleaseMethod.RouteRelease;
import dev.bulkhead.operator.release.route.gatewayapi.HttpRouteRouter;
import dev.bulkhead.operator.release.route.istio.VirtualServiceRouter;
import dev.bulkhead.operator.leader.LeaseFence;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Objects;

/** The one place that chooses a {@link TrafficRouter} for a route release. Add a router here and nowhere else. */
public final class TrafficRouterFactory {

    private final KubernetesClient client;
    private final TenantMatching matching;
    private final LeaseFence fence;

    /**
     * @param client   the client routers read and write with
     * @param matching whether routers may fall back to regular-expression header matches (operator configuration)
     * @param fence    checked before every route write, so a replica that lost the leader Lease writes nothing
     */
    public TrafficRouterFactory(KubernetesClient client, TenantMatching matching, LeaseFence fence) {
        this.client = Objects.requireNonNull(client);
        this.matching = Objects.requireNonNull(matching);
        this.fence = Objects.requireNonNull(fence);
    }

    /** Without leader election (a single replica): nothing to fence. */
    public TrafficRouterFactory(KubernetesClient client, TenantMatching matching) {
        this(client, matching, LeaseFence.off());
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
            return fenced(new HttpRouteRouter(client, target, matching), target);
        }
        if (release.istio() != null) {
            return fenced(new VirtualServiceRouter(client, target, matching), target);
        }
        throw new IllegalArgumentException("a route release names neither gatewayAPI nor istio");
    }

    private TrafficRouter fenced(TrafficRouter router, RouteTarget target) {
        if (fence.isOff()) {
            return router;
        }
        String what = "the route of " + target;
        return new TrafficRouter() {
            @Override
            public void apply(RouteExposure exposure) {
                check(what);
                router.apply(exposure);
            }

            @Override
            public ObservedRoute observe() {
                return router.observe();
            }

            @Override
            public void restoreStable() {
                check(what);
                router.restoreStable();
            }
        };
    }

    private void check(String what) {
        try {
            fence.check(what);
        } catch (LeaseFence.NotLeaderException e) {
            throw new TrafficRouterException(e.getMessage(), e);
        }
    }
}
