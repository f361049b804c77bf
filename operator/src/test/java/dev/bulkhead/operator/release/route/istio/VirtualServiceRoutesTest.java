package dev.bulkhead.operator.release.route.istio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulkhead.operator.release.route.RouteExposure;
import dev.bulkhead.operator.release.route.RouteExposureNotExpressibleException;
import dev.bulkhead.operator.release.route.RouteTarget;
import dev.bulkhead.operator.release.route.TenantMatching;
import dev.bulkhead.operator.release.route.TrafficRouterException;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class VirtualServiceRoutesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final RouteTarget TARGET = new RouteTarget("shop", "web", "X-Tenant-Id", "web-stable", "web-canary", 8080);

    private static GenericKubernetesResource virtualService(String httpJson) {
        try {
            return JSON.readValue("""
                    {"apiVersion":"networking.istio.io/v1","kind":"VirtualService",
                     "metadata":{"name":"web","namespace":"shop"},
                     "spec":{"hosts":["web.example.com"],"http":%s}}""".formatted(httpJson),
                    GenericKubernetesResource.class);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static final GenericKubernetesResource USER_VS = virtualService("""
            [{"name":"admin","match":[{"uri":{"prefix":"/admin"}}],"route":[{"destination":{"host":"admin"}}]},
             {"name":"main","timeout":"5s","route":[{"destination":{"host":"web-stable.shop.svc.cluster.local","port":{"number":8080}}}]}]""");

    private static List<JsonNode> http(GenericKubernetesResource vs) {
        List<JsonNode> routes = new ArrayList<>();
        JSON.valueToTree(vs.getAdditionalProperties().get("spec")).path("http").forEach(routes::add);
        return routes;
    }

    private static List<String> tenants(int n) {
        return IntStream.range(0, n).mapToObj(i -> "tenant-" + i).toList();
    }

    @Test
    void insertsACanaryCopyJustBeforeTheStableRouteKeepingItsOtherFields() {
        GenericKubernetesResource desired = VirtualServiceRoutes.desired(USER_VS, TARGET,
                RouteExposure.only(Set.of("acme", "globex")), TenantMatching.EXACT_ONLY);

        List<JsonNode> http = http(desired);
        assertThat(http).extracting(r -> r.path("name").asText()).containsExactly("admin", "bulkhead-canary-0", "main");
        JsonNode managed = http.get(1);
        assertThat(managed.path("timeout").asText()).isEqualTo("5s");
        assertThat(managed.path("route").get(0).path("destination").path("host").asText()).isEqualTo("web-canary");
        assertThat(managed.path("route").get(0).path("destination").path("port").path("number").asInt()).isEqualTo(8080);
        assertThat(managed.path("match")).extracting(m -> m.path("headers").path("x-tenant-id").path("exact").asText())
                .containsExactly("acme", "globex");
        assertThat(http.get(0)).isEqualTo(http(USER_VS).get(0));
        assertThat(http.get(2)).isEqualTo(http(USER_VS).get(1));
    }

    @Test
    void keepsTheUsersMatchConditionsInEveryCopy() {
        GenericKubernetesResource vs = virtualService("""
                [{"match":[{"uri":{"prefix":"/api"}},{"uri":{"prefix":"/web"}}],"route":[{"destination":{"host":"web-stable"}}]}]""");

        GenericKubernetesResource desired = VirtualServiceRoutes.desired(vs, TARGET, RouteExposure.only(Set.of("a", "b")),
                TenantMatching.EXACT_ONLY);

        assertThat(http(desired).get(0).path("match"))
                .extracting(m -> m.path("uri").path("prefix").asText() + " "
                        + m.path("headers").path("x-tenant-id").path("exact").asText())
                .containsExactly("/api a", "/api b", "/web a", "/web b");
    }

    @Test
    void inverseFormListsStableTenantsThenSendsEveryoneElseToTheCanary() {
        GenericKubernetesResource desired = VirtualServiceRoutes.desired(USER_VS, TARGET,
                RouteExposure.allExcept(Set.of("initech")), TenantMatching.EXACT_ONLY);

        List<JsonNode> http = http(desired);
        assertThat(http).extracting(r -> r.path("name").asText())
                .containsExactly("admin", "bulkhead-stable-0", "bulkhead-canary-1", "main");
        assertThat(http.get(1).path("route").get(0).path("destination").path("host").asText())
                .isEqualTo("web-stable.shop.svc.cluster.local");
        assertThat(VirtualServiceRoutes.observed(desired, TARGET).carries(RouteExposure.allExcept(Set.of("initech"))))
                .isTrue();
    }

    @Test
    void everyoneNeedsOnlyTheUnnarrowedCopyAndNeverAnEmptyMatchList() {
        GenericKubernetesResource desired = VirtualServiceRoutes.desired(USER_VS, TARGET, RouteExposure.everyone(),
                TenantMatching.EXACT_ONLY);

        List<JsonNode> http = http(desired);
        assertThat(http).extracting(r -> r.path("name").asText()).containsExactly("admin", "bulkhead-canary-0", "main");
        assertThat(VirtualServiceRoutes.observed(desired, TARGET).exposure()).isEqualTo(RouteExposure.everyone());
    }

    @Test
    void reapplyingReplacesTheEarlierExposureAndIsIdempotent() {
        GenericKubernetesResource first = VirtualServiceRoutes.desired(USER_VS, TARGET, RouteExposure.only(Set.of("acme")),
                TenantMatching.EXACT_ONLY);
        GenericKubernetesResource second = VirtualServiceRoutes.desired(first, TARGET,
                RouteExposure.only(Set.of("globex")), TenantMatching.EXACT_ONLY);
        GenericKubernetesResource again = VirtualServiceRoutes.desired(second, TARGET,
                RouteExposure.only(Set.of("globex")), TenantMatching.EXACT_ONLY);

        assertThat(VirtualServiceRoutes.observed(second, TARGET).carries(RouteExposure.only(Set.of("globex")))).isTrue();
        assertThat(http(again)).isEqualTo(http(second));
    }

    @Test
    void restoringRemovesManagedAndHandMadeCanaryRoutes() {
        GenericKubernetesResource exposed = VirtualServiceRoutes.desired(USER_VS, TARGET,
                RouteExposure.only(Set.of("acme")), TenantMatching.EXACT_ONLY);
        GenericKubernetesResource withHandMade = virtualService("""
                [{"name":"beta","route":[{"destination":{"host":"web-canary"}}]}]""");

        assertThat(http(VirtualServiceRoutes.restored(exposed, TARGET))).isEqualTo(http(USER_VS));
        assertThat(http(VirtualServiceRoutes.restored(withHandMade, TARGET))).isEmpty();
        assertThat(VirtualServiceRoutes.observed(withHandMade, TARGET).anomalies()).singleElement().asString()
                .contains("did not write it");
    }

    @Test
    void usesAlternationsAboveTheExactMatchCapWhenAllowed() {
        GenericKubernetesResource desired = VirtualServiceRoutes.desired(USER_VS, TARGET,
                RouteExposure.only(tenants(1500)), TenantMatching.REGEX_WHEN_NEEDED);

        JsonNode managed = http(desired).get(1);
        assertThat(managed.path("match")).allSatisfy(m ->
                assertThat(m.path("headers").path("x-tenant-id").path("regex").asText().length())
                        .isLessThanOrEqualTo(VirtualServiceRoutes.MAX_REGEX_LENGTH));
        assertThat(VirtualServiceRoutes.observed(desired, TARGET).exposure()).isEqualTo(RouteExposure.only(tenants(1500)));
    }

    @Test
    void refusesMoreExactMatchesThanTheCapWhenRegularExpressionsAreDisabled() {
        assertThatThrownBy(() -> VirtualServiceRoutes.desired(USER_VS, TARGET, RouteExposure.only(tenants(1001)),
                TenantMatching.EXACT_ONLY))
                .isInstanceOf(RouteExposureNotExpressibleException.class)
                .hasMessageContaining("1000 exact header matches");
    }

    @Test
    void refusesAnObjectLargerThanTheSizeLimit() {
        List<String> longTenants = IntStream.range(0, 40_000).mapToObj(i -> "tenant-with-a-rather-long-key-" + i).toList();

        assertThatThrownBy(() -> VirtualServiceRoutes.desired(USER_VS, TARGET, RouteExposure.only(longTenants),
                TenantMatching.REGEX_WHEN_NEEDED))
                .isInstanceOf(RouteExposureNotExpressibleException.class)
                .hasMessageContaining("bytes");
    }

    @Test
    void failsWhenNoRouteSendsTrafficToTheStableService() {
        GenericKubernetesResource vs = virtualService("""
                [{"route":[{"destination":{"host":"other"}}]}]""");

        assertThatThrownBy(() -> VirtualServiceRoutes.desired(vs, TARGET, RouteExposure.only(Set.of("acme")),
                TenantMatching.EXACT_ONLY))
                .isInstanceOf(TrafficRouterException.class)
                .hasMessageContaining("web-stable");
    }
}
