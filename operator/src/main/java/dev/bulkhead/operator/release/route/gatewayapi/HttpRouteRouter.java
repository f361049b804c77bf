package dev.bulkhead.operator.release.route.gatewayapi;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulkhead.operator.release.route.ObservedRoute;
import dev.bulkhead.operator.release.route.OptimisticWrite;
import dev.bulkhead.operator.release.route.RouteExposure;
import dev.bulkhead.operator.release.route.RouteTarget;
import dev.bulkhead.operator.release.route.TenantMatching;
import dev.bulkhead.operator.release.route.TrafficRouter;
import dev.bulkhead.operator.release.route.TrafficRouterException;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * {@link TrafficRouter} over a Gateway API {@code HTTPRoute} ({@code gateway.networking.k8s.io/v1}). The rules are
 * computed by {@link HttpRouteRules}; this class writes them through {@link OptimisticWrite}, so concurrent
 * edits of the user's rules are kept.
 *
 * <p>Why not server-side apply: {@code spec.rules} is an atomic list in the CRD, so an apply would take ownership of
 * the whole list and either conflict with the user's field manager or, forced, drop their concurrent edits.
 */
public final class HttpRouteRouter implements TrafficRouter {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final KubernetesClient client;
    private final RouteTarget target;
    private final TenantMatching matching;

    public HttpRouteRouter(KubernetesClient client, RouteTarget target, TenantMatching matching) {
        this.client = Objects.requireNonNull(client);
        this.target = Objects.requireNonNull(target);
        this.matching = Objects.requireNonNull(matching);
    }

    @Override
    public void apply(RouteExposure exposure) {
        write(route -> HttpRouteRules.desired(route, target, exposure, matching), true);
    }

    @Override
    public ObservedRoute observe() {
        return HttpRouteRules.observed(read(true), target);
    }

    @Override
    public void restoreStable() {
        write(route -> HttpRouteRules.restored(route, target), false);
    }

    private void write(UnaryOperator<HTTPRoute> change, boolean routeRequired) {
        OptimisticWrite.write("HTTPRoute " + target, () -> read(routeRequired), change, HttpRouteRouter::unchanged,
                desired -> client.resource(desired).update());
    }

    private HTTPRoute read(boolean required) {
        HTTPRoute route;
        try {
            route = resource().get();
        } catch (KubernetesClientException e) {
            throw new TrafficRouterException("HTTPRoute " + target + " cannot be read: " + OptimisticWrite.message(e), e);
        }
        if (route == null && required) {
            throw new TrafficRouterException("HTTPRoute " + target + " not found; the Rollout's "
                    + "spec.release.route.gatewayAPI.httpRoute must name an existing HTTPRoute in its namespace");
        }
        return route;
    }

    private Resource<HTTPRoute> resource() {
        return client.resources(HTTPRoute.class).inNamespace(target.namespace()).withName(target.routeName());
    }

    private static boolean unchanged(HTTPRoute current, HTTPRoute desired) {
        return JSON.valueToTree(current.getSpec()).equals(JSON.valueToTree(desired.getSpec()))
                && Objects.equals(orEmpty(current.getMetadata().getAnnotations()),
                        orEmpty(desired.getMetadata().getAnnotations()));
    }

    private static java.util.Map<String, String> orEmpty(java.util.Map<String, String> map) {
        return map == null ? java.util.Map.of() : map;
    }

}
