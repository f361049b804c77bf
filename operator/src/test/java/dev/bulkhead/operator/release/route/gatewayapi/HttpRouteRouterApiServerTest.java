package dev.bulkhead.operator.release.route.gatewayapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulkhead.operator.release.route.RouteCrds;
import dev.bulkhead.operator.release.route.RouteExposure;
import dev.bulkhead.operator.release.route.RouteExposureNotExpressibleException;
import dev.bulkhead.operator.release.route.RouteTarget;
import dev.bulkhead.operator.release.route.TenantMatching;
import dev.bulkhead.operator.release.route.TrafficRouter;
import dev.bulkhead.operator.release.route.TrafficRouterContract;
import dev.bulkhead.testbed.TestNamespace;
import dev.bulkhead.testbed.TestbedExtension;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRuleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestbedExtension.class)
class HttpRouteRouterApiServerTest extends TrafficRouterContract {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final KubernetesClient client;
    private final String namespace;

    HttpRouteRouterApiServerTest(KubernetesClient client, TestNamespace namespace) {
        this.client = client;
        this.namespace = namespace.name();
        RouteCrds.installHttpRoute(client);
    }

    @Override
    protected TrafficRouter router(String routeName, TenantMatching matching) {
        return new HttpRouteRouter(client, new RouteTarget(namespace, routeName, TENANT_HEADER, STABLE, CANARY, PORT),
                matching);
    }

    @Override
    protected void createUserRoute(String routeName) {
        // Minimal rules, as a user writes them: the API server fills in the defaults (group, kind, weight, path type).
        client.resource(new HTTPRouteBuilder().withNewMetadata().withName(routeName).withNamespace(namespace).endMetadata()
                .withNewSpec()
                .addNewParentRef().withName("public").endParentRef()
                .addToRules(new HTTPRouteRuleBuilder()
                        .addNewMatch().withNewPath().withValue("/admin").endPath().endMatch()
                        .addNewBackendRef().withName("admin").withPort(PORT).endBackendRef().build())
                .addToRules(new HTTPRouteRuleBuilder()
                        .addNewBackendRef().withName(STABLE).withPort(PORT).endBackendRef().build())
                .endSpec().build()).create();
    }

    @Override
    protected List<JsonNode> userRules(String routeName) {
        List<JsonNode> rules = new ArrayList<>();
        for (JsonNode rule : JSON.valueToTree(route(routeName).getSpec().getRules())) {
            boolean toCanary = false;
            for (JsonNode b : rule.path("backendRefs")) {
                toCanary |= CANARY.equals(b.path("name").asText());
            }
            boolean onTenant = false;
            for (JsonNode m : rule.path("matches")) {
                for (JsonNode h : m.path("headers")) {
                    onTenant |= TENANT_HEADER.equalsIgnoreCase(h.path("name").asText());
                }
            }
            if (!toCanary && !onTenant) {
                rules.add(rule);
            }
        }
        return rules;
    }

    @Override
    protected void addUserRule(String routeName, String path) {
        for (int attempt = 1; ; attempt++) {
            try {
                client.resources(HTTPRoute.class).inNamespace(namespace).withName(routeName).edit(r -> {
                    r.getSpec().getRules().add(0, new HTTPRouteRuleBuilder()
                            .addNewMatch().withNewPath().withValue(path).endPath().endMatch()
                            .addNewBackendRef().withName("docs").withPort(PORT).endBackendRef().build());
                    return r;
                });
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt == 20) {
                    throw e;
                }
            }
        }
    }

    @Override
    protected void addCanaryRuleByHand(String routeName) {
        client.resources(HTTPRoute.class).inNamespace(namespace).withName(routeName).edit(r -> {
            r.getSpec().getRules().add(0, new HTTPRouteRuleBuilder()
                    .addNewMatch().withNewPath().withValue("/beta").endPath().endMatch()
                    .addNewBackendRef().withName(CANARY).withPort(PORT).endBackendRef().build());
            return r;
        });
    }

    @Override
    protected String resourceVersion(String routeName) {
        return route(routeName).getMetadata().getResourceVersion();
    }

    private HTTPRoute route(String routeName) {
        return client.resources(HTTPRoute.class).inNamespace(namespace).withName(routeName).get();
    }

    private static List<String> tenants(int n) {
        return IntStream.range(0, n).mapToObj(i -> "t" + i).toList();
    }

    @Test
    void theApiServerAcceptsExactMatchesUpToTheRouteLimitBulkheadComputes() {
        // The user route holds 2 matches (/admin and the defaulted "/"), so 126 exact matches fill it to 128.
        router(routeName, TenantMatching.EXACT_ONLY).apply(RouteExposure.only(tenants(126)));

        assertThat(router(routeName, TenantMatching.EXACT_ONLY).observe().carries(RouteExposure.only(tenants(126))))
                .isTrue();
        assertThatThrownBy(() -> router(routeName, TenantMatching.EXACT_ONLY).apply(RouteExposure.only(tenants(127))))
                .isInstanceOf(RouteExposureNotExpressibleException.class);
    }
}
