package dev.bulkhead.operator.release.route.gatewayapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulkhead.operator.release.route.RouteExposure;
import dev.bulkhead.operator.release.route.RouteExposureNotExpressibleException;
import dev.bulkhead.operator.release.route.RouteTarget;
import dev.bulkhead.operator.release.route.TenantMatching;
import dev.bulkhead.operator.release.route.TrafficRouterException;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRefBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPHeaderMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteMatchBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRuleBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class HttpRouteRulesTest {

    private static final RouteTarget TARGET = new RouteTarget("shop", "web", "X-Tenant-Id", "web-stable", "web-canary", 8080);

    private static HTTPRouteRule rule(String service, String... prefixes) {
        List<HTTPRouteMatch> matches = new ArrayList<>();
        for (String p : prefixes) {
            matches.add(new HTTPRouteMatchBuilder().withNewPath().withType("PathPrefix").withValue(p).endPath().build());
        }
        return new HTTPRouteRuleBuilder().withMatches(matches)
                .withBackendRefs(new HTTPBackendRefBuilder().withName(service).withPort(8080).build()).build();
    }

    private static HTTPRoute route(HTTPRouteRule... rules) {
        return new HTTPRouteBuilder().withNewMetadata().withName("web").withNamespace("shop").endMetadata()
                .withNewSpec().withRules(rules).endSpec().build();
    }

    private static final HTTPRoute USER_ROUTE = route(rule("admin", "/admin"), rule("web-stable", "/"));

    private static List<String> tenants(int n) {
        return IntStream.range(0, n).mapToObj(i -> String.format("tenant-%04d", i)).toList();
    }

    private static List<String> headerValues(HTTPRouteRule rule) {
        return rule.getMatches().stream().map(m -> m.getHeaders().get(m.getHeaders().size() - 1))
                .filter(h -> h.getName().equals("X-Tenant-Id")).map(HTTPHeaderMatch::getValue).toList();
    }

    @Test
    void sendsOnlyTheExposedTenantsToTheCanaryThroughACopyInsertedBeforeTheStableRule() {
        HTTPRoute desired = HttpRouteRules.desired(USER_ROUTE, TARGET, RouteExposure.only(Set.of("acme", "globex")),
                TenantMatching.EXACT_ONLY);

        List<HTTPRouteRule> rules = desired.getSpec().getRules();
        assertThat(rules).hasSize(3);
        assertThat(rules.get(0)).isEqualTo(USER_ROUTE.getSpec().getRules().get(0));
        HTTPRouteRule managed = rules.get(1);
        assertThat(managed.getBackendRefs()).singleElement()
                .satisfies(b -> assertThat(b.getName()).isEqualTo("web-canary"))
                .satisfies(b -> assertThat(b.getPort()).isEqualTo(8080));
        assertThat(headerValues(managed)).containsExactly("acme", "globex");
        assertThat(managed.getMatches()).allSatisfy(m -> assertThat(m.getPath().getValue()).isEqualTo("/"));
        assertThat(rules.get(2)).isEqualTo(USER_ROUTE.getSpec().getRules().get(1));
        assertThat(desired.getMetadata().getAnnotations().get(HttpRouteRules.MANAGED_RULES_ANNOTATION))
                .isEqualTo(RuleFingerprint.of(managed));
    }

    @Test
    void narrowsEveryMatchOfTheStableRuleByEveryTenant() {
        HTTPRoute route = route(rule("web-stable", "/api", "/web"));

        HTTPRoute desired = HttpRouteRules.desired(route, TARGET, RouteExposure.only(Set.of("a", "b", "c")),
                TenantMatching.EXACT_ONLY);

        HTTPRouteRule managed = desired.getSpec().getRules().get(0);
        assertThat(managed.getMatches()).hasSize(6)
                .extracting(m -> m.getPath().getValue() + " " + m.getHeaders().get(0).getValue())
                .containsExactly("/api a", "/api b", "/api c", "/web a", "/web b", "/web c");
    }

    @Test
    void replacesTheTenantsOfAnEarlierExposureAndIsIdempotent() {
        HTTPRoute first = HttpRouteRules.desired(USER_ROUTE, TARGET, RouteExposure.only(Set.of("acme")),
                TenantMatching.EXACT_ONLY);
        HTTPRoute second = HttpRouteRules.desired(first, TARGET, RouteExposure.only(Set.of("globex")),
                TenantMatching.EXACT_ONLY);
        HTTPRoute again = HttpRouteRules.desired(second, TARGET, RouteExposure.only(Set.of("globex")),
                TenantMatching.EXACT_ONLY);

        assertThat(second.getSpec().getRules()).hasSize(3);
        assertThat(headerValues(second.getSpec().getRules().get(1))).containsExactly("globex");
        assertThat(again).isEqualTo(second);
    }

    @Test
    void noExposureRemovesManagedRulesAndTheirAnnotation() {
        HTTPRoute exposed = HttpRouteRules.desired(USER_ROUTE, TARGET, RouteExposure.only(Set.of("acme")),
                TenantMatching.EXACT_ONLY);

        HTTPRoute none = HttpRouteRules.desired(exposed, TARGET, RouteExposure.none(), TenantMatching.EXACT_ONLY);

        assertThat(none.getSpec().getRules()).isEqualTo(USER_ROUTE.getSpec().getRules());
        assertThat(none.getMetadata().getAnnotations()).doesNotContainKey(HttpRouteRules.MANAGED_RULES_ANNOTATION);
    }

    @Test
    void restoringRemovesAHandMadeRuleToTheCanaryButKeepsTheUserRules() {
        HTTPRoute route = route(rule("admin", "/admin"), rule("web-canary", "/beta"), rule("web-stable", "/"));

        HTTPRoute restored = HttpRouteRules.restored(route, TARGET);

        assertThat(restored.getSpec().getRules()).extracting(r -> r.getBackendRefs().get(0).getName())
                .containsExactly("admin", "web-stable");
    }

    @Test
    void inverseFormKeepsListedTenantsOnStableAndSendsEveryoneElseToTheCanary() {
        HTTPRoute desired = HttpRouteRules.desired(USER_ROUTE, TARGET, RouteExposure.allExcept(Set.of("initech")),
                TenantMatching.EXACT_ONLY);

        List<HTTPRouteRule> rules = desired.getSpec().getRules();
        assertThat(rules).extracting(r -> r.getBackendRefs().get(0).getName())
                .containsExactly("admin", "web-stable", "web-canary", "web-stable");
        assertThat(headerValues(rules.get(1))).containsExactly("initech");
        assertThat(rules.get(2).getMatches()).singleElement()
                .satisfies(m -> assertThat(m.getHeaders()).isNullOrEmpty());
        assertThat(HttpRouteRules.observed(desired, TARGET).exposure())
                .isEqualTo(RouteExposure.allExcept(Set.of("initech")));
    }

    @Test
    void observesTheExposureItWroteWithoutAnomalies() {
        HTTPRoute desired = HttpRouteRules.desired(USER_ROUTE, TARGET, RouteExposure.only(Set.of("acme", "globex")),
                TenantMatching.EXACT_ONLY);

        assertThat(HttpRouteRules.observed(desired, TARGET).carries(RouteExposure.only(Set.of("acme", "globex"))))
                .isTrue();
        assertThat(HttpRouteRules.observed(USER_ROUTE, TARGET).carries(RouteExposure.none())).isTrue();
    }

    @Test
    void reportsARuleToTheCanaryThatBulkheadDidNotWrite() {
        HTTPRoute route = route(rule("web-canary", "/beta"), rule("web-stable", "/"));

        assertThat(HttpRouteRules.observed(route, TARGET).anomalies()).singleElement()
                .asString().contains("rule 0", "did not write it");
    }

    @Test
    void reportsAManagedRuleEditedByHand() {
        HTTPRoute desired = HttpRouteRules.desired(USER_ROUTE, TARGET, RouteExposure.only(Set.of("acme")),
                TenantMatching.EXACT_ONLY);
        desired.getSpec().getRules().get(1).getMatches().get(0).getHeaders().get(0).setValue("evil");

        assertThat(HttpRouteRules.observed(desired, TARGET).anomalies()).isNotEmpty();
    }

    @Test
    void splitsMoreThan64ExactMatchesAcrossRules() {
        HTTPRoute desired = HttpRouteRules.desired(route(rule("web-stable", "/")), TARGET,
                RouteExposure.only(tenants(100)), TenantMatching.EXACT_ONLY);

        assertThat(desired.getSpec().getRules()).extracting(r -> r.getMatches().size()).containsExactly(64, 36, 1);
    }

    @Test
    void fillsTheRouteUpTo128MatchesWithExactMatches() {
        HTTPRoute desired = HttpRouteRules.desired(route(rule("web-stable", "/")), TARGET,
                RouteExposure.only(tenants(127)), TenantMatching.EXACT_ONLY);

        assertThat(desired.getSpec().getRules().stream().mapToInt(r -> r.getMatches().size()).sum()).isEqualTo(128);
    }

    @Test
    void refusesOneExactMatchTooManyWhenRegularExpressionsAreDisabled() {
        assertThatThrownBy(() -> HttpRouteRules.desired(route(rule("web-stable", "/")), TARGET,
                RouteExposure.only(tenants(128)), TenantMatching.EXACT_ONLY))
                .isInstanceOf(RouteExposureNotExpressibleException.class)
                .hasMessageContaining("128 matches per route")
                .hasMessageContaining("regular-expression header matches are disabled")
                .hasMessageContaining("Nothing was changed");
    }

    @Test
    void switchesToRegularExpressionAlternationsWhenExactMatchesDoNotFit() {
        HTTPRoute desired = HttpRouteRules.desired(route(rule("web-stable", "/")), TARGET,
                RouteExposure.only(tenants(1000)), TenantMatching.REGEX_WHEN_NEEDED);

        HTTPRouteRule managed = desired.getSpec().getRules().get(0);
        assertThat(managed.getMatches()).hasSizeGreaterThan(1).allSatisfy(m -> {
            assertThat(m.getHeaders().get(0).getType()).isEqualTo("RegularExpression");
            assertThat(m.getHeaders().get(0).getValue().length()).isLessThanOrEqualTo(4096);
        });
        assertThat(HttpRouteRules.observed(desired, TARGET).exposure()).isEqualTo(RouteExposure.only(tenants(1000)));
    }

    @Test
    void refusesWhenTheUserRulesLeaveNoRoomForAnotherRule() {
        List<HTTPRouteRule> rules = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            rules.add(rule("other", "/other-" + i));
        }
        rules.add(rule("web-stable", "/"));
        HTTPRoute full = route(rules.toArray(HTTPRouteRule[]::new));

        assertThatThrownBy(() -> HttpRouteRules.desired(full, TARGET, RouteExposure.only(Set.of("acme")),
                TenantMatching.REGEX_WHEN_NEEDED))
                .isInstanceOf(RouteExposureNotExpressibleException.class)
                .hasMessageContaining("16 rules")
                .hasMessageContaining("the user's rules take 16 rules");
    }

    @Test
    void refusesWhenEvenAlternationsExceedTheRouteMatchLimit() {
        String[] prefixes = IntStream.range(0, 64).mapToObj(i -> "/p" + i).toArray(String[]::new);
        String[] others = IntStream.range(0, 63).mapToObj(i -> "/o" + i).toArray(String[]::new);
        HTTPRoute busy = route(rule("web-stable", prefixes), rule("other", others));

        assertThatThrownBy(() -> HttpRouteRules.desired(busy, TARGET, RouteExposure.only(Set.of("acme")),
                TenantMatching.REGEX_WHEN_NEEDED))
                .isInstanceOf(RouteExposureNotExpressibleException.class)
                .hasMessageContaining("127 matches");
    }

    @Test
    void failsWhenNoRuleSendsTrafficToTheStableService() {
        assertThatThrownBy(() -> HttpRouteRules.desired(route(rule("admin", "/admin")), TARGET,
                RouteExposure.only(Set.of("acme")), TenantMatching.EXACT_ONLY))
                .isInstanceOf(TrafficRouterException.class)
                .hasMessageContaining("shop/web")
                .hasMessageContaining("web-stable");
    }

    @Test
    void leavesMatchesThatAlreadyRouteOnTheTenantHeaderToTheUser() {
        HTTPRouteRule pinned = rule("web-stable", "/");
        pinned.getMatches().get(0).setHeaders(List.of(new HTTPHeaderMatch("x-tenant-id", "Exact", "vip")));
        HTTPRoute route = route(pinned, rule("web-stable", "/"));

        HTTPRoute desired = HttpRouteRules.desired(route, TARGET, RouteExposure.only(Set.of("acme")),
                TenantMatching.EXACT_ONLY);

        assertThat(desired.getSpec().getRules()).hasSize(3);
        assertThat(desired.getSpec().getRules().get(0)).isEqualTo(pinned);
        assertThat(headerValues(desired.getSpec().getRules().get(1))).containsExactly("acme");
    }
}
