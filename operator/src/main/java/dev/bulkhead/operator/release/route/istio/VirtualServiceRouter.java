package dev.bulkhead.operator.release.route.istio;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulkhead.operator.release.route.ObservedRoute;
import dev.bulkhead.operator.release.route.OptimisticWrite;
import dev.bulkhead.operator.release.route.RouteExposure;
import dev.bulkhead.operator.release.route.RouteTarget;
import dev.bulkhead.operator.release.route.TenantMatching;
import dev.bulkhead.operator.release.route.TrafficRouter;
import dev.bulkhead.operator.release.route.TrafficRouterException;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * {@link TrafficRouter} over an Istio {@code VirtualService} ({@code networking.istio.io/v1}), read and written as a
 * {@link GenericKubernetesResource} so every field of the user's routes survives untouched. The routes are computed by
 * {@link VirtualServiceRoutes}; writes go through {@link OptimisticWrite} ({@code spec.http} is an atomic list, so
 * server-side apply would own the user's routes too).
 */
public final class VirtualServiceRouter implements TrafficRouter {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The VirtualService resource, version v1 (served since Istio 1.22). */
    public static final ResourceDefinitionContext VIRTUAL_SERVICE = new ResourceDefinitionContext.Builder()
            .withGroup("networking.istio.io").withVersion("v1").withKind("VirtualService")
            .withPlural("virtualservices").withNamespaced(true).build();

    private final KubernetesClient client;
    private final RouteTarget target;
    private final TenantMatching matching;

    public VirtualServiceRouter(KubernetesClient client, RouteTarget target, TenantMatching matching) {
        this.client = Objects.requireNonNull(client);
        this.target = Objects.requireNonNull(target);
        this.matching = Objects.requireNonNull(matching);
    }

    @Override
    public void apply(RouteExposure exposure) {
        write(vs -> VirtualServiceRoutes.desired(vs, target, exposure, matching), true);
    }

    @Override
    public ObservedRoute observe() {
        return VirtualServiceRoutes.observed(read(true), target);
    }

    @Override
    public void restoreStable() {
        write(vs -> VirtualServiceRoutes.restored(vs, target), false);
    }

    private void write(UnaryOperator<GenericKubernetesResource> change, boolean required) {
        OptimisticWrite.write("VirtualService " + target, () -> read(required), change,
                (current, desired) -> JSON.valueToTree(current.getAdditionalProperties().get("spec"))
                        .equals(JSON.valueToTree(desired.getAdditionalProperties().get("spec"))),
                desired -> client.genericKubernetesResources(VIRTUAL_SERVICE).inNamespace(target.namespace())
                        .resource(desired).update());
    }

    private GenericKubernetesResource read(boolean required) {
        GenericKubernetesResource vs;
        try {
            vs = client.genericKubernetesResources(VIRTUAL_SERVICE).inNamespace(target.namespace())
                    .withName(target.routeName()).get();
        } catch (KubernetesClientException e) {
            throw new TrafficRouterException("VirtualService " + target + " cannot be read: "
                    + OptimisticWrite.message(e), e);
        }
        if (vs == null && required) {
            throw new TrafficRouterException("VirtualService " + target + " not found; the Rollout's "
                    + "spec.release.route.istio.virtualService must name an existing VirtualService in its namespace");
        }
        return vs;
    }

}
