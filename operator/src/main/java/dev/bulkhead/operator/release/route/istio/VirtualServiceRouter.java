package dev.bulkhead.operator.release.route.istio;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulkhead.operator.release.route.ObservedRoute;
import dev.bulkhead.operator.release.route.RouteExposure;
import dev.bulkhead.operator.release.route.RouteTarget;
import dev.bulkhead.operator.release.route.TenantMatching;
import dev.bulkhead.operator.release.route.TrafficRouter;
import dev.bulkhead.operator.release.route.TrafficRouterException;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.net.HttpURLConnection;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.jboss.logging.Logger;

/**
 * {@link TrafficRouter} over an Istio {@code VirtualService} ({@code networking.istio.io/v1}), read and written as a
 * {@link GenericKubernetesResource} so every field of the user's routes survives untouched. The routes are computed by
 * {@link VirtualServiceRoutes}; writes are conditional on {@code resourceVersion} and retried from a fresh read on
 * 409 ({@code spec.http} is an atomic list, so server-side apply would own the user's routes too).
 */
public final class VirtualServiceRouter implements TrafficRouter {

    private static final Logger LOG = Logger.getLogger(VirtualServiceRouter.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final int MAX_ATTEMPTS = 5;

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
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            GenericKubernetesResource current = read(required);
            if (current == null) {
                return;
            }
            GenericKubernetesResource desired = change.apply(current);
            if (JSON.valueToTree(current.getAdditionalProperties().get("spec"))
                    .equals(JSON.valueToTree(desired.getAdditionalProperties().get("spec")))) {
                return;
            }
            try {
                client.genericKubernetesResources(VIRTUAL_SERVICE).inNamespace(target.namespace()).resource(desired)
                        .update();
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                    throw new TrafficRouterException("VirtualService " + target + ": the API server refused the update: "
                            + message(e), e);
                }
                LOG.debugf("VirtualService %s changed while Bulkhead wrote it (attempt %d), reading it again", target,
                        attempt);
            }
        }
        throw new TrafficRouterException("VirtualService " + target + " kept changing under Bulkhead's writes; gave up "
                + "after " + MAX_ATTEMPTS + " conflicts, will retry on the next reconcile");
    }

    private GenericKubernetesResource read(boolean required) {
        GenericKubernetesResource vs;
        try {
            vs = client.genericKubernetesResources(VIRTUAL_SERVICE).inNamespace(target.namespace())
                    .withName(target.routeName()).get();
        } catch (KubernetesClientException e) {
            throw new TrafficRouterException("VirtualService " + target + " cannot be read: " + message(e), e);
        }
        if (vs == null && required) {
            throw new TrafficRouterException("VirtualService " + target + " not found; the Rollout's "
                    + "spec.release.route.istio.virtualService must name an existing VirtualService in its namespace");
        }
        return vs;
    }

    private static String message(KubernetesClientException e) {
        return e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : e.getMessage();
    }
}
