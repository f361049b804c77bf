package dev.bulkhead.operator.release.route.istio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulkhead.operator.release.route.RouteCrds;
import dev.bulkhead.operator.release.route.RouteTarget;
import dev.bulkhead.operator.release.route.TenantMatching;
import dev.bulkhead.operator.release.route.TrafficRouter;
import dev.bulkhead.operator.release.route.TrafficRouterContract;
import dev.bulkhead.testbed.TestNamespace;
import dev.bulkhead.testbed.TestbedExtension;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestbedExtension.class)
class VirtualServiceRouterApiServerTest extends TrafficRouterContract {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final KubernetesClient client;
    private final String namespace;

    VirtualServiceRouterApiServerTest(KubernetesClient client, TestNamespace namespace) {
        this.client = client;
        this.namespace = namespace.name();
        RouteCrds.installVirtualService(client);
    }

    @Override
    protected TrafficRouter router(String routeName, TenantMatching matching) {
        return new VirtualServiceRouter(client,
                new RouteTarget(namespace, routeName, TENANT_HEADER, STABLE, CANARY, PORT), matching);
    }

    @Override
    protected void createUserRoute(String routeName) {
        try {
            GenericKubernetesResource vs = JSON.readValue("""
                    {"apiVersion":"networking.istio.io/v1","kind":"VirtualService",
                     "metadata":{"name":"%s","namespace":"%s"},
                     "spec":{"hosts":["web.example.com"],"gateways":["public"],"http":[
                       {"name":"admin","match":[{"uri":{"prefix":"/admin"}}],"route":[{"destination":{"host":"admin"}}]},
                       {"name":"main","timeout":"5s","route":[{"destination":{"host":"%s","port":{"number":%d}}}]}]}}"""
                    .formatted(routeName, namespace, STABLE, PORT), GenericKubernetesResource.class);
            client.genericKubernetesResources(VirtualServiceRouter.VIRTUAL_SERVICE).inNamespace(namespace).resource(vs)
                    .create();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    protected List<JsonNode> userRules(String routeName) {
        List<JsonNode> routes = new ArrayList<>();
        for (JsonNode route : http(resource(routeName).get())) {
            boolean toCanary = false;
            for (JsonNode d : route.path("route")) {
                toCanary |= CANARY.equals(d.path("destination").path("host").asText());
            }
            boolean onTenant = false;
            for (JsonNode m : route.path("match")) {
                onTenant |= m.path("headers").has(TENANT_HEADER.toLowerCase());
            }
            if (!toCanary && !onTenant) {
                routes.add(route);
            }
        }
        return routes;
    }

    @Override
    protected void addUserRule(String routeName, String path) {
        for (int attempt = 1; ; attempt++) {
            try {
                prepend(routeName, path, "docs");
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
        prepend(routeName, "/beta", CANARY);
    }

    @Override
    protected String resourceVersion(String routeName) {
        return resource(routeName).get().getMetadata().getResourceVersion();
    }

    @SuppressWarnings("unchecked")
    private void prepend(String routeName, String path, String host) {
        resource(routeName).edit(vs -> {
            ObjectNode spec = JSON.valueToTree(vs.getAdditionalProperties().get("spec"));
            ArrayNode http = (ArrayNode) spec.get("http");
            ObjectNode route = http.insertObject(0);
            route.putArray("match").addObject().putObject("uri").put("prefix", path);
            route.putArray("route").addObject().putObject("destination").put("host", host);
            vs.getAdditionalProperties().put("spec", JSON.convertValue(spec, Map.class));
            return vs;
        });
    }

    private Resource<GenericKubernetesResource> resource(String routeName) {
        return client.genericKubernetesResources(VirtualServiceRouter.VIRTUAL_SERVICE).inNamespace(namespace)
                .withName(routeName);
    }

    private static JsonNode http(GenericKubernetesResource vs) {
        return JSON.valueToTree(vs.getAdditionalProperties().get("spec")).path("http");
    }
}
