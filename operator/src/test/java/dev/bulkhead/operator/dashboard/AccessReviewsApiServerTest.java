package dev.bulkhead.operator.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulkhead.testbed.TestNamespace;
import dev.bulkhead.testbed.TestbedExtension;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The dashboard's checks of callers on the testbed's real API server: tokens must be valid for the configured audience,
 * answers are reused for their time to live (a deleted ServiceAccount's token works until then, and not after), and
 * reviews past the budget are refused with 429 without reaching the API server.
 */
@ExtendWith(TestbedExtension.class)
class AccessReviewsApiServerTest {

    private static final String AUDIENCE = "bulkhead-dashboard";

    @Test
    void withAnAudienceConfiguredOnlyTokensMadeForItAreAccepted(KubernetesClient client, TestNamespace namespace) {
        String forDashboard = token(client, namespace, "viewer", AUDIENCE);
        String forApiServer = token(client, namespace, "viewer", null);

        AccessReviews audienceChecked = new AccessReviews(client, List.of(AUDIENCE), Clock.systemUTC(), Duration.ZERO, Optional.empty());
        assertThat(audienceChecked.authenticate(forDashboard)).get().extracting(Caller::username)
                .isEqualTo("system:serviceaccount:" + namespace.name() + ":viewer");
        assertThat(audienceChecked.authenticate(forApiServer)).as("a token good against the API server").isEmpty();

        AccessReviews apiServerAudience = new AccessReviews(client);
        assertThat(apiServerAudience.authenticate(forApiServer)).isPresent();
        assertThat(apiServerAudience.authenticate(forDashboard)).as("made for another audience").isEmpty();
    }

    @Test
    void anAnswerIsReusedForItsTimeToLiveAndAskedAgainAfter(KubernetesClient client, TestNamespace namespace) {
        String token = token(client, namespace, "leaving", null);
        AtomicReference<Instant> now = new AtomicReference<>(Instant.now());
        Clock clock = new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        };
        AccessReviews reviews = new AccessReviews(client, List.of(), clock, Duration.ofSeconds(5), Optional.empty());
        assertThat(reviews.authenticate(token)).isPresent();

        client.serviceAccounts().inNamespace(namespace.name()).withName("leaving").withGracePeriod(0).delete();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20))
                .until(() -> new AccessReviews(client).authenticate(token).isEmpty());

        assertThat(reviews.authenticate(token)).as("within the time to live: the answer is reused").isPresent();
        now.set(now.get().plusSeconds(5));
        assertThat(reviews.authenticate(token)).as("after it: asked again, and the token is gone").isEmpty();
    }

    @Test
    void reviewsPastTheBudgetAreRefusedWith429(KubernetesClient client, TestNamespace namespace) {
        String token = token(client, namespace, "busy", null);
        Clock frozen = Clock.fixed(Instant.parse("2026-12-06T10:00:00Z"), ZoneOffset.UTC);
        AccessReviews reviews = new AccessReviews(client, List.of(), frozen, Duration.ZERO,
                Optional.of(new ReviewBudget(frozen, 1, 3)));
        for (int i = 0; i < 3; i++) {
            assertThat(reviews.authenticate(token)).isPresent();
        }

        assertThatThrownBy(() -> reviews.authenticate(token)).isInstanceOfSatisfying(DashboardProblem.class,
                p -> assertThat(p.getResponse().getStatus()).isEqualTo(429));
    }

    private static String token(KubernetesClient client, TestNamespace namespace, String account, String audience) {
        client.serviceAccounts().inNamespace(namespace.name()).resource(new ServiceAccountBuilder().withNewMetadata()
                .withName(account).endMetadata().build()).serverSideApply();
        var spec = new TokenRequestBuilder().withNewSpec().withExpirationSeconds(3600L);
        if (audience != null) {
            spec.withAudiences(audience);
        }
        return client.serviceAccounts().inNamespace(namespace.name()).withName(account)
                .tokenRequest(spec.endSpec().build()).getStatus().getToken();
    }
}
