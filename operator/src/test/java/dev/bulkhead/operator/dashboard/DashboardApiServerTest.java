package dev.bulkhead.operator.dashboard;

import static dev.bulkhead.operator.dashboard.DashboardFixture.READ;
import static dev.bulkhead.operator.dashboard.DashboardFixture.READ_AND_PATCH;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulkhead.api.v1alpha1.Rollout;
import dev.bulkhead.operator.rollout.ManualActions;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.jupiter.api.TestInstance;

/**
 * The dashboard's JSON API on the operator, against the testbed's real kube-apiserver with RBAC: tokens come from
 * TokenRequest, callers are checked with TokenReview and SubjectAccessReview, actions land as annotations.
 *
 * <p>Callers: {@code viewer} may get/list Bulkhead objects in {@code team} and {@code unwatched}; {@code releaser}
 * may also patch them in {@code team}; {@code auditor} may read all three namespaces; {@code stranger} may nothing. Rollouts: {@code checkout} in {@code team} and
 * {@code billing} in {@code other} (both watched), {@code hidden} in {@code unwatched}.
 */
// A Quarkus application per profile: never booted while other test classes run in parallel.
@Isolated
@QuarkusTest
@TestProfile(DashboardTestProfile.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardApiServerTest {

    @Inject
    KubernetesClient client;
    @TestHTTPResource("/")
    URL base;
    @ConfigProperty(name = "dashboard-test.namespace.team")
    String team;
    @ConfigProperty(name = "dashboard-test.namespace.other")
    String other;
    @ConfigProperty(name = "dashboard-test.namespace.unwatched")
    String unwatched;

    private DashboardHttp http;
    private String viewer;
    private String releaser;
    private String stranger;
    private String auditor;

    @BeforeAll
    void given() {
        http = new DashboardHttp(base);
        for (String namespace : List.of(team, other, unwatched)) {
            DashboardFixture.givenTiersAndSlo(client, namespace);
        }
        DashboardFixture.givenRolledBackRollout(client, team, "checkout");
        DashboardFixture.givenRolledBackRollout(client, other, "billing");
        DashboardFixture.givenRolledBackRollout(client, unwatched, "hidden");
        viewer = DashboardFixture.tokenFor(client, team, "viewer", READ, team, unwatched);
        releaser = DashboardFixture.tokenFor(client, team, "releaser", READ_AND_PATCH, team);
        stranger = DashboardFixture.tokenFor(client, team, "stranger", READ);
        auditor = DashboardFixture.tokenFor(client, team, "auditor", READ, team, other, unwatched);
    }

    @Test
    void readsWithoutATokenAreRefusedWith401() {
        DashboardHttp.Reply reply = http.get("/api/v1alpha1/rollouts", null);

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.message()).contains("bearer token").contains("anonymous-read");
        assertThat(http.get("/api/v1alpha1/namespaces/" + team + "/rollouts/checkout", null).status()).isEqualTo(401);
    }

    @Test
    void aTokenTheApiServerDoesNotAcceptIs401() {
        DashboardHttp.Reply reply = http.get("/api/v1alpha1/rollouts", "not-a-token");

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.message()).contains("did not accept the token");
    }

    @Test
    void whoamiNamesTheUserTheApiServerReviewed() {
        JsonNode me = http.get("/api/v1alpha1/whoami", viewer).json();

        assertThat(me.path("username").asText()).isEqualTo(DashboardFixture.serviceAccountUser(team, "viewer"));
        assertThat(texts(me.path("groups"))).contains("system:serviceaccounts:" + team);
    }

    @Test
    void aViewerListsOnlyRolloutsOfWatchedNamespacesItMayList() {
        DashboardHttp.Reply reply = http.get("/api/v1alpha1/rollouts", viewer);

        assertThat(reply.status()).isEqualTo(200);
        JsonNode items = reply.json().path("items");
        assertThat(texts(items, "namespace")).as("billing in %s (not listable) and hidden in %s (not watched) are left out",
                other, unwatched).isNotEmpty().containsOnly(team);
        JsonNode checkout = StreamSupport.stream(items.spliterator(), false)
                .filter(i -> "checkout".equals(i.path("name").asText())).findFirst().orElseThrow();
        assertThat(checkout.path("phase").asText()).isEqualTo("RolledBack");
        assertThat(checkout.path("release").asText()).isEqualTo("Unleash flag new-checkout");
        assertThat(StreamSupport.stream(checkout.path("segments").spliterator(), false)
                .map(s -> s.path("name").asText() + ":" + s.path("state").asText() + ":" + s.path("exposedPercent").asInt()))
                .containsExactly("internal:Released:100", "free:Released:100", "paying:RolledBack:0", "enterprise:Pending:0");
    }

    @Test
    void aReaderOfBothWatchedNamespacesSeesBothButNeverAnUnwatchedOne() {
        JsonNode items = http.get("/api/v1alpha1/rollouts", auditor).json().path("items");

        assertThat(StreamSupport.stream(items.spliterator(), false).map(i -> i.path("namespace").asText() + "/"
                + i.path("name").asText())).contains(team + "/checkout", other + "/billing")
                .doesNotContain(unwatched + "/hidden");
    }

    @Test
    void aViewerListsTheSlosOfItsNamespace() {
        JsonNode items = http.get("/api/v1alpha1/servicelevelobjectives", viewer).json().path("items");

        assertThat(items).hasSize(1);
        assertThat(items.get(0).path("namespace").asText()).isEqualTo(team);
        assertThat(items.get(0).path("phase").asText()).isEqualTo("Burning");
    }

    @Test
    void aUserWhoMayListNothingIsRefusedWith403() {
        DashboardHttp.Reply reply = http.get("/api/v1alpha1/rollouts", stranger);

        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.message()).contains(DashboardFixture.serviceAccountUser(team, "stranger"))
                .contains("may not list rollouts.bulkhead.dev");
        assertThat(http.get("/api/v1alpha1/namespaces/" + team + "/rollouts/checkout", stranger).status()).isEqualTo(403);
    }

    @Test
    void theDetailShowsRingsVerdictsBurnRatesConditionsAndEveryImpactedTenant() {
        DashboardHttp.Reply reply = http.get("/api/v1alpha1/namespaces/" + team + "/rollouts/checkout", viewer);

        assertThat(reply.status()).isEqualTo(200);
        JsonNode detail = reply.json();
        JsonNode paying = segment(detail, "paying");
        assertThat(paying.path("state").asText()).isEqualTo("RolledBack");
        assertThat(paying.path("verdict").asText()).isEqualTo("Fail");
        assertThat(texts(paying.path("impactedTenants"), "tenant")).containsExactly("stark", "wayne", "umbrella", "cyberdyne");
        JsonNode burn = paying.path("burnRates").get(0);
        assertThat(burn.path("slo").asText()).isEqualTo("checkout");
        assertThat(burn.path("windows").path("5m").asDouble()).isEqualTo(54.2);
        assertThat(texts(burn.path("firing"))).containsExactly("1h/5m");
        assertThat(paying.path("budgetRemaining").asDouble()).isEqualTo(38.6);

        assertThat(detail.path("verdicts")).hasSize(14);
        JsonNode last = detail.path("verdicts").get(13);
        assertThat(last.path("segment").asText() + ":" + last.path("verdict").asText()).isEqualTo("paying:Fail");
        assertThat(last.path("statistic").asDouble()).isGreaterThan(last.path("threshold").asDouble());
        assertThat(texts(detail.path("conditions"), "type")).contains("Ready", "RolledBack", "Progressing");
        assertThat(detail.path("history")).hasSize(11);

        JsonNode impact = detail.path("impact");
        assertThat(impact.path("complete").asBoolean()).isTrue();
        assertThat(impact.path("tenantsAffected").asInt()).isEqualTo(4);
        assertThat(impact.path("badRequests").asLong()).isEqualTo(34);
        JsonNode worst = impact.path("tenants").get(0);
        assertThat(worst.path("tenant").asText()).isEqualTo("stark");
        assertThat(worst.path("badRequests").asLong()).isEqualTo(18);
        assertThat(worst.path("excessBadRequests").asDouble()).isEqualTo(17.8);
    }

    @Test
    void aRolloutOutsideTheWatchedNamespacesIsNotFoundEvenForAReaderThere() {
        DashboardHttp.Reply reply = http.get("/api/v1alpha1/namespaces/" + unwatched + "/rollouts/hidden", viewer);

        assertThat(reply.status()).isEqualTo(404);
    }

    @Test
    void anUnauthorizedPromoteIs403WithTheReasonAndLeavesTheAnnotationsUnchanged() {
        DashboardFixture.givenRolledBackRollout(client, team, "viewer-promotes");

        DashboardHttp.Reply reply = http.action(team, "viewer-promotes", viewer, "promote");

        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.message()).contains("user \"" + DashboardFixture.serviceAccountUser(team, "viewer") + "\"")
                .contains("may not patch rollouts.bulkhead.dev \"viewer-promotes\" in namespace \"" + team + "\"");
        assertThat(annotations(team, "viewer-promotes")).doesNotContainKeys(ManualActions.ACTION, ManualActions.ACTOR);
    }

    @Test
    void anAuthorizedPromoteWritesTheActionWithTheReviewedUserAsActor() {
        DashboardFixture.givenRolledBackRollout(client, team, "releaser-promotes");

        DashboardHttp.Reply reply = http.action(team, "releaser-promotes", releaser, "promote");

        assertThat(reply.status()).isEqualTo(200);
        String user = DashboardFixture.serviceAccountUser(team, "releaser");
        assertThat(reply.json().path("actor").asText()).isEqualTo(user);
        assertThat(annotations(team, "releaser-promotes"))
                .containsEntry(ManualActions.ACTION, "promote").containsEntry(ManualActions.ACTOR, user);
        assertThat(http.get("/api/v1alpha1/namespaces/" + team + "/rollouts/releaser-promotes", viewer).json()
                .path("pendingAction").path("action").asText()).isEqualTo("promote");
    }

    @Test
    void anActionTheOperatorHasNotAppliedYetIsNotOverwritten() {
        DashboardFixture.givenRolledBackRollout(client, team, "pending");
        assertThat(http.action(team, "pending", releaser, "pause").status()).isEqualTo(200);

        DashboardHttp.Reply second = http.action(team, "pending", releaser, "abort");

        assertThat(second.status()).isEqualTo(409);
        assertThat(second.message()).contains("'pause'");
        assertThat(annotations(team, "pending")).containsEntry(ManualActions.ACTION, "pause");
    }

    @Test
    void anUnknownActionIs400AndWritesNothing() {
        DashboardFixture.givenRolledBackRollout(client, team, "unknown-action");

        DashboardHttp.Reply reply = http.action(team, "unknown-action", releaser, "rollback-everything");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.message()).contains("promote, promote-full, pause, resume, abort or retry");
        assertThat(annotations(team, "unknown-action")).doesNotContainKey(ManualActions.ACTION);
    }

    @Test
    void anActionWithoutATokenIs401AndWritesNothing() {
        DashboardFixture.givenRolledBackRollout(client, team, "no-token");

        assertThat(http.action(team, "no-token", null, "abort").status()).isEqualTo(401);
        assertThat(annotations(team, "no-token")).doesNotContainKey(ManualActions.ACTION);
    }

    @Test
    void aCrossSiteActionIsRefusedEvenWithAnAllowedToken() {
        DashboardFixture.givenRolledBackRollout(client, team, "cross-site");

        DashboardHttp.Reply reply = http.post("/api/v1alpha1/namespaces/" + team + "/rollouts/cross-site/actions", releaser,
                "{\"action\":\"abort\"}", "application/json", "https://attacker.example");

        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.message()).contains("cross-site request refused");
        assertThat(annotations(team, "cross-site")).doesNotContainKey(ManualActions.ACTION);
    }

    @Test
    void anActionThatIsNotJsonIsRefused() {
        DashboardFixture.givenRolledBackRollout(client, team, "form-post");

        DashboardHttp.Reply reply = http.post("/api/v1alpha1/namespaces/" + team + "/rollouts/form-post/actions", releaser,
                "action=abort", "application/x-www-form-urlencoded", null);

        assertThat(reply.status()).isEqualTo(415);
        assertThat(annotations(team, "form-post")).doesNotContainKey(ManualActions.ACTION);
    }

    @Test
    void thePageIsServedWithHeadersThatForbidFramingAndForeignScripts() {
        DashboardHttp.Reply page = http.get("/dashboard", null);

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("<script type=\"module\" src=\"/dashboard/app.js\">");
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp ->
                assertThat(csp).contains("script-src 'self'").contains("frame-ancestors 'none'"));
        assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(http.get("/dashboard/", null).status()).isEqualTo(200);
        assertThat(http.get("/dashboard/app.js", null).status()).isEqualTo(200);
        assertThat(http.get("/dashboard/secrets.txt", null).status()).isEqualTo(404);
    }

    private Map<String, String> annotations(String namespace, String name) {
        Map<String, String> annotations = client.resources(Rollout.class).inNamespace(namespace).withName(name).get()
                .getMetadata().getAnnotations();
        return annotations == null ? Map.of() : annotations;
    }

    private static JsonNode segment(JsonNode detail, String name) {
        return StreamSupport.stream(detail.path("segments").spliterator(), false)
                .filter(s -> name.equals(s.path("name").asText())).findFirst().orElseThrow();
    }

    private static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    private static List<String> texts(JsonNode array, String field) {
        return StreamSupport.stream(array.spliterator(), false).map(n -> n.path(field).asText()).toList();
    }
}
