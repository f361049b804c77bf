package dev.bulkhead.operator.release.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link TrafficRouter} promises, run against each adapter on a real API server. Each test gets a fresh
 * route object whose user rules send {@code /admin} to an admin Service and everything else to {@value #STABLE}.
 */
public abstract class TrafficRouterContract {

    protected static final String TENANT_HEADER = "X-Tenant-Id";
    protected static final String STABLE = "web-stable";
    protected static final String CANARY = "web-canary";
    protected static final int PORT = 8080;
    private static final AtomicInteger ROUTES = new AtomicInteger();

    protected String routeName;

    /** The adapter under test for the named route in the test namespace. */
    protected abstract TrafficRouter router(String routeName, TenantMatching matching);

    /** Creates the route with the user's rules: {@code /admin} to {@code admin}, the rest to {@value #STABLE}. */
    protected abstract void createUserRoute(String routeName);

    /**
     * The rules of the route that send no traffic to the canary and do not match on the tenant header, i.e. the
     * user's, as JSON in their order.
     */
    protected abstract List<JsonNode> userRules(String routeName);

    /**
     * Adds a rule as a user would ({@code path} to a docs Service) at the top, straight through the API server,
     * trying again on a conflict as a user would.
     */
    protected abstract void addUserRule(String routeName, String path);

    /** Adds a rule sending {@code /beta} to the canary Service, as someone editing by hand would. */
    protected abstract void addCanaryRuleByHand(String routeName);

    protected abstract String resourceVersion(String routeName);

    @BeforeEach
    void createRoute() {
        routeName = "web-" + ROUTES.incrementAndGet();
        createUserRoute(routeName);
    }

    private TrafficRouter router() {
        return router(routeName, TenantMatching.EXACT_ONLY);
    }

    private static List<String> tenants(int n) {
        return IntStream.range(0, n).mapToObj(i -> String.format("tenant-%05d", i)).toList();
    }

    @Test
    void appliesAnExposureAndObservesExactlyIt() {
        RouteExposure exposure = RouteExposure.only(Set.of("acme", "globex"));

        router().apply(exposure);

        ObservedRoute observed = router().observe();
        assertThat(observed.exposure()).isEqualTo(exposure);
        assertThat(observed.anomalies()).isEmpty();
    }

    @Test
    void reapplyingTheSameExposureWritesNothing() {
        router().apply(RouteExposure.only(Set.of("acme")));
        String written = resourceVersion(routeName);

        router().apply(RouteExposure.only(Set.of("acme")));

        assertThat(resourceVersion(routeName)).isEqualTo(written);
    }

    @Test
    void aNewExposureReplacesThePreviousOne() {
        router().apply(RouteExposure.only(Set.of("acme", "globex")));

        router().apply(RouteExposure.only(Set.of("initech")));

        assertThat(router().observe().carries(RouteExposure.only(Set.of("initech")))).isTrue();
    }

    @Test
    void theInverseFormSendsEveryoneButTheListedTenantsToTheCanary() {
        RouteExposure exposure = RouteExposure.allExcept(Set.of("initech"));

        router().apply(exposure);

        assertThat(router().observe().carries(exposure)).isTrue();
    }

    @Test
    void keepsTheUserRulesAsTheyWereThroughApplyAndRestore() {
        List<JsonNode> before = userRules(routeName);

        router().apply(RouteExposure.only(Set.of("acme")));
        assertThat(userRules(routeName)).isEqualTo(before);
        router().apply(RouteExposure.allExcept(Set.of("acme")));
        assertThat(userRules(routeName)).isEqualTo(before);
        router().restoreStable();
        assertThat(userRules(routeName)).isEqualTo(before);
    }

    @Test
    void keepsARuleTheUserAddedBetweenTwoApplies() {
        router().apply(RouteExposure.only(Set.of("acme")));
        addUserRule(routeName, "/docs");
        List<JsonNode> withUsersEdit = userRules(routeName);

        router().apply(RouteExposure.only(Set.of("acme", "globex")));

        assertThat(userRules(routeName)).isEqualTo(withUsersEdit).hasSize(3);
        assertThat(router().observe().carries(RouteExposure.only(Set.of("acme", "globex")))).isTrue();
    }

    @Test
    void keepsEveryUserEditMadeWhileBulkheadWrites() throws Exception {
        ExecutorService user = Executors.newSingleThreadExecutor();
        try {
            Future<?> edits = user.submit(() -> {
                for (int i = 0; i < 8; i++) {
                    addUserRule(routeName, "/docs-" + i);
                }
            });
            for (int step = 1; !edits.isDone() || step <= 8; step++) {
                try {
                    router().apply(RouteExposure.only(tenants(step % 5 + 1)));
                } catch (TrafficRouterException e) {
                    // Giving up after repeated conflicts is allowed (the reconciler retries); losing an edit is not.
                    assertThat(e).hasMessageContaining("kept changing under Bulkhead's writes");
                }
            }
            edits.get(60, TimeUnit.SECONDS);
        } finally {
            user.shutdownNow();
        }
        router().apply(RouteExposure.only(Set.of("acme")));

        assertThat(userRules(routeName)).hasSize(2 + 8);
        assertThat(router().observe().carries(RouteExposure.only(Set.of("acme")))).isTrue();
    }

    @Test
    void reportsARuleToTheCanaryThatBulkheadDidNotWrite() {
        addCanaryRuleByHand(routeName);

        assertThat(router().observe().anomalies()).isNotEmpty();
    }

    @Test
    void restoringStableRemovesBulkheadsRulesAndHandMadeRulesToTheCanary() {
        List<JsonNode> before = userRules(routeName);
        router().apply(RouteExposure.only(Set.of("acme")));
        addCanaryRuleByHand(routeName);

        router().restoreStable();

        ObservedRoute observed = router().observe();
        assertThat(observed.exposure()).isEqualTo(RouteExposure.none());
        assertThat(observed.anomalies()).isEmpty();
        assertThat(userRules(routeName)).isEqualTo(before);
    }

    @Test
    void restoringARouteThatDoesNotExistIsNotAnError() {
        router("missing-" + routeName, TenantMatching.EXACT_ONLY).restoreStable();
    }

    @Test
    void applyingToARouteThatDoesNotExistFailsNamingIt() {
        assertThatThrownBy(() -> router("missing-" + routeName, TenantMatching.EXACT_ONLY)
                .apply(RouteExposure.only(Set.of("acme"))))
                .isInstanceOf(TrafficRouterException.class)
                .hasMessageContaining("missing-" + routeName)
                .hasMessageContaining("not found");
    }

    @Test
    void refusesAnExposureBeyondTheLimitsAndLeavesTheRouteAsItWas() {
        router().apply(RouteExposure.only(Set.of("acme")));
        String written = resourceVersion(routeName);

        assertThatThrownBy(() -> router().apply(RouteExposure.only(tenants(2000))))
                .isInstanceOf(RouteExposureNotExpressibleException.class);

        assertThat(resourceVersion(routeName)).isEqualTo(written);
        assertThat(router().observe().carries(RouteExposure.only(Set.of("acme")))).isTrue();
    }

    @Test
    void theApiServerAcceptsALargeExposureWrittenAsAlternations() {
        RouteExposure exposure = RouteExposure.only(tenants(2000));
        TrafficRouter router = router(routeName, TenantMatching.REGEX_WHEN_NEEDED);

        router.apply(exposure);

        assertThat(router.observe().carries(exposure)).isTrue();
    }
}
