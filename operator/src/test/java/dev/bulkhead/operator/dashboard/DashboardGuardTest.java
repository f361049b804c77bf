package dev.bulkhead.operator.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The guard's rules with the API server's answers scripted: which requests need a token, what anonymous reads allow,
 * how refusals read, and which origins may act. The real TokenReview and SubjectAccessReview are exercised by
 * {@link DashboardApiServerTest}.
 */
class DashboardGuardTest {

    private static final URI DASHBOARD = URI.create("http://127.0.0.1:8080/api/v1alpha1/namespaces/shop/rollouts/checkout/actions");
    private static final Caller ALICE = new Caller("alice", "uid-1", List.of("sre"), Map.of());

    private final ScriptedReviews reviews = new ScriptedReviews();

    @Test
    void withoutAnonymousReadAReadWithoutATokenIs401() {
        DashboardGuard guard = new DashboardGuard(reviews, false);

        assertThatThrownBy(() -> guard.reader(null)).satisfies(e -> assertThat(status(e)).isEqualTo(401));
        assertThat(reviews.asked).isEmpty();
    }

    @Test
    void anonymousReadLetsReadsThroughWithoutAToken() {
        DashboardGuard guard = new DashboardGuard(reviews, true);

        Optional<Caller> reader = guard.reader(null);

        assertThat(reader).isEmpty();
        assertThat(guard.mayRead(reader, Access.list(Access.ROLLOUTS, "shop"))).isTrue();
        assertThat(reviews.asked).isEmpty();
    }

    @Test
    void anonymousReadNeverExtendsToActions() {
        DashboardGuard guard = new DashboardGuard(reviews, true);

        assertThatThrownBy(() -> guard.actor(null, null, DASHBOARD, Access.patchRollout("shop", "checkout")))
                .satisfies(e -> assertThat(status(e)).isEqualTo(401));
    }

    @Test
    void aTokenSentWithAnonymousReadIsStillChecked() {
        DashboardGuard guard = new DashboardGuard(reviews, true);

        assertThatThrownBy(() -> guard.reader("Bearer expired")).satisfies(e -> assertThat(status(e)).isEqualTo(401));
    }

    @Test
    void anAuthorizationHeaderThatIsNotABearerTokenIs401() {
        DashboardGuard guard = new DashboardGuard(reviews, false);

        assertThatThrownBy(() -> guard.reader("Basic YWxpY2U6c2VjcmV0")).satisfies(e -> assertThat(status(e)).isEqualTo(401));
        assertThat(reviews.tokens).isEmpty();
    }

    @Test
    void aReaderIsReviewedForEachNamespace() {
        DashboardGuard guard = new DashboardGuard(reviews, false);
        reviews.allow(Access.list(Access.ROLLOUTS, "shop"));

        Optional<Caller> reader = guard.reader("Bearer alice-token");

        assertThat(reader).contains(ALICE);
        assertThat(guard.mayRead(reader, Access.list(Access.ROLLOUTS, "shop"))).isTrue();
        assertThat(guard.mayRead(reader, Access.list(Access.ROLLOUTS, "billing"))).isFalse();
    }

    @Test
    void aRefusedActionNamesTheUserThePermissionAndTheAuthorizersReason() {
        DashboardGuard guard = new DashboardGuard(reviews, false);

        assertThatThrownBy(() -> guard.actor("Bearer alice-token", null, DASHBOARD, Access.patchRollout("shop", "checkout")))
                .satisfies(e -> {
                    assertThat(status(e)).isEqualTo(403);
                    assertThat(e.getMessage()).isEqualTo("user \"alice\" may not patch rollouts.bulkhead.dev \"checkout\""
                            + " in namespace \"shop\": no RBAC policy matched");
                });
    }

    @Test
    void anAllowedActionFromTheDashboardsOwnOriginReturnsTheReviewedCaller() {
        DashboardGuard guard = new DashboardGuard(reviews, false);
        reviews.allow(Access.patchRollout("shop", "checkout"));

        Caller actor = guard.actor("Bearer alice-token", "http://127.0.0.1:8080", DASHBOARD, Access.patchRollout("shop", "checkout"));

        assertThat(actor).isEqualTo(ALICE);
    }

    @Test
    void anActionFromAnotherOriginIsRefusedBeforeTheTokenIsLookedAt() {
        DashboardGuard guard = new DashboardGuard(reviews, false);
        reviews.allow(Access.patchRollout("shop", "checkout"));

        for (String origin : List.of("https://attacker.example", "http://127.0.0.1:9090", "https://127.0.0.1:8080", "null")) {
            assertThatThrownBy(() -> guard.actor("Bearer alice-token", origin, DASHBOARD, Access.patchRollout("shop", "checkout")))
                    .as(origin).satisfies(e -> assertThat(status(e)).isEqualTo(403))
                    .hasMessageContaining("cross-site request refused");
        }
        assertThat(reviews.tokens).isEmpty();
    }

    private static int status(Throwable e) {
        return ((DashboardProblem) e).getResponse().getStatus();
    }

    /** The API server's answers: one valid token (alice's), and the accesses allowed to her. */
    private static final class ScriptedReviews extends AccessReviews {

        final List<String> tokens = new ArrayList<>();
        final List<Access> asked = new ArrayList<>();
        private final List<Access> allowed = new ArrayList<>();

        ScriptedReviews() {
            super(null);
        }

        void allow(Access access) {
            allowed.add(access);
        }

        @Override
        public Optional<Caller> authenticate(String token) {
            tokens.add(token);
            return "alice-token".equals(token) ? Optional.of(ALICE) : Optional.empty();
        }

        @Override
        public Decision review(Caller caller, Access access) {
            asked.add(access);
            return allowed.contains(access) ? new Decision(true, null) : new Decision(false, "no RBAC policy matched");
        }
    }
}
