package dev.bulkhead.operator.release.route;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkhead.api.v1alpha1.ObjectReference;
import dev.bulkhead.api.v1alpha1.ReleaseMethod.GatewayApiRoute;
import dev.bulkhead.api.v1alpha1.ReleaseMethod.IstioRoute;
import dev.bulkhead.api.v1alpha1.ReleaseMethod.RouteRelease;
import dev.bulkhead.operator.release.route.gatewayapi.HttpRouteRouter;
import dev.bulkhead.operator.release.route.istio.VirtualServiceRouter;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TrafficRouterFactoryTest {

    // Never connects: routers only talk to the API server when a method is called.
    private final KubernetesClient client = new KubernetesClientBuilder()
            .withConfig(new ConfigBuilder(Config.empty()).withMasterUrl("https://127.0.0.1:1").build()).build();
    private final TrafficRouterFactory factory = new TrafficRouterFactory(client, TenantMatching.EXACT_ONLY);

    @AfterEach
    void close() {
        client.close();
    }

    @Test
    void choosesTheHttpRouteRouterForAGatewayApiRelease() {
        RouteRelease release = new RouteRelease(new GatewayApiRoute(new ObjectReference("web")), null,
                new ObjectReference("web-stable"), new ObjectReference("web-canary"), 8080);

        assertThat(factory.routerFor("shop", release, "X-Tenant-Id")).isInstanceOf(HttpRouteRouter.class);
    }

    @Test
    void choosesTheVirtualServiceRouterForAnIstioRelease() {
        RouteRelease release = new RouteRelease(null, new IstioRoute(new ObjectReference("web")),
                new ObjectReference("web-stable"), new ObjectReference("web-canary"), null);

        assertThat(factory.routerFor("shop", release, "X-Tenant-Id")).isInstanceOf(VirtualServiceRouter.class);
    }

    @Test
    void aTargetWithoutPortUsesTheApiDefault80() {
        RouteRelease release = new RouteRelease(null, new IstioRoute(new ObjectReference("web")),
                new ObjectReference("web-stable"), new ObjectReference("web-canary"), null);

        assertThat(RouteTarget.of("shop", release, "X-Tenant-Id"))
                .isEqualTo(new RouteTarget("shop", "web", "X-Tenant-Id", "web-stable", "web-canary", 80));
    }
}
