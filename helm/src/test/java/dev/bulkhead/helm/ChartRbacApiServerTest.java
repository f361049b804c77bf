package dev.bulkhead.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulkhead.api.v1alpha1.Rollout;
import dev.bulkhead.testbed.Manifests;
import dev.bulkhead.testbed.TestNamespace;
import dev.bulkhead.testbed.TestbedExtension;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The chart's RBAC as the real API server enforces it: the rendered objects are applied, then the API server is asked
 * (SubjectAccessReview, and real requests impersonating the ServiceAccount) whether the operator's ServiceAccount may
 * do each thing the operator does, where, and that it may do nothing else.
 */
@ExtendWith(TestbedExtension.class)
class ChartRbacApiServerTest {

    private static final List<String> CREATED = new ArrayList<>();
    private static String release;
    private static String watchedA;
    private static String watchedB;
    private static String unwatched;

    @BeforeAll
    static void install(KubernetesClient client, TestNamespace namespace) {
        release = namespace.name();
        watchedA = release + "-a";
        watchedB = release + "-b";
        unwatched = release + "-c";
        for (String ns : List.of(watchedA, watchedB, unwatched)) {
            Cluster.createNamespace(client, ns);
            CREATED.add(ns);
        }
        Manifests.applyCrds(client, HelmCli.ROOT.resolve("crds/generated"));
        // Only the RBAC objects and the ServiceAccount: no operator runs in this test.
        Set<String> rbac = Set.of("ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding");
        apply(client, Rendered.of(HelmCli.template("cl", release, List.of())), rbac);
        apply(client, Rendered.of(HelmCli.template("ns", release, List.of("--set", "scope=namespaced",
                "--set", "watchNamespaces={" + watchedA + "," + watchedB + "}", "--set", "leaderElection.enabled=true"))), rbac);
    }

    @AfterAll
    static void uninstall(KubernetesClient client) {
        CREATED.forEach(ns -> Cluster.deleteNamespace(client, ns));
        client.rbac().clusterRoles().withName("cl-bulkhead").delete();
        client.rbac().clusterRoleBindings().withName("cl-bulkhead").delete();
    }

    private static void apply(KubernetesClient client, Rendered rendered, Set<String> kinds) {
        Cluster.apply(client, rendered.objects().stream().filter(o -> kinds.contains(o.path("kind").asText())).toList());
    }

    @Test
    void inNamespacedScopeEveryVerbTheOperatorUsesIsAllowedInTheWatchedNamespacesAndNowhereElse(KubernetesClient client) {
        String user = serviceAccount("ns-bulkhead");
        for (OperatorPermissions.Rule rule : OperatorPermissions.WATCHED_NAMESPACES) {
            for (String verb : rule.verbs()) {
                assertThat(allowed(client, user, rule.group(), rule.resource(), verb, watchedA)).as("%s %s in %s", verb, rule, watchedA).isTrue();
                assertThat(allowed(client, user, rule.group(), rule.resource(), verb, watchedB)).as("%s %s in %s", verb, rule, watchedB).isTrue();
                assertThat(allowed(client, user, rule.group(), rule.resource(), verb, unwatched)).as("%s %s in %s", verb, rule, unwatched).isFalse();
                assertThat(allowed(client, user, rule.group(), rule.resource(), verb, "")).as("%s %s cluster-wide", verb, rule).isFalse();
            }
        }
    }

    @Test
    void inClusterScopeEveryVerbTheOperatorUsesIsAllowedEverywhere(KubernetesClient client) {
        String user = serviceAccount("cl-bulkhead");
        for (OperatorPermissions.Rule rule : OperatorPermissions.WATCHED_NAMESPACES) {
            for (String verb : rule.verbs()) {
                assertThat(allowed(client, user, rule.group(), rule.resource(), verb, unwatched)).as("%s %s", verb, rule).isTrue();
                assertThat(allowed(client, user, rule.group(), rule.resource(), verb, "")).as("%s %s cluster-wide", verb, rule).isTrue();
            }
        }
        assertThat(allowed(client, user, "coordination.k8s.io", "leases", "get", release))
                .as("no Lease rights without leader election").isFalse();
    }

    @Test
    void leaseRightsExistInTheReleaseNamespaceOnly(KubernetesClient client) {
        String user = serviceAccount("ns-bulkhead");
        for (OperatorPermissions.Rule rule : OperatorPermissions.LEADER_ELECTION) {
            for (String verb : rule.verbs()) {
                assertThat(allowed(client, user, rule.group(), rule.resource(), verb, release)).as("%s %s", verb, rule).isTrue();
                assertThat(allowed(client, user, rule.group(), rule.resource(), verb, watchedA)).as("%s %s", verb, rule).isFalse();
            }
        }
        assertThat(allowed(client, user, "coordination.k8s.io", "leases", "delete", release)).isFalse();
    }

    @Test
    void whatTheOperatorNeverDoesIsRefusedInEveryScope(KubernetesClient client) {
        for (String account : List.of("ns-bulkhead", "cl-bulkhead")) {
            for (OperatorPermissions.Denied denied : OperatorPermissions.NEVER) {
                for (String ns : List.of(watchedA, release, "")) {
                    assertThat(allowed(client, serviceAccount(account), denied.group(), denied.resource(), denied.verb(), ns))
                            .as("%s may not %s %s/%s in '%s'", account, denied.verb(), denied.group(), denied.resource(), ns)
                            .isFalse();
                }
            }
        }
    }

    @Test
    void requestsMadeAsTheServiceAccountAreServedOrRefusedByTheChartsRules(KubernetesClient client) {
        try (KubernetesClient operator = impersonating(client, "ns-bulkhead")) {
            assertThat(operator.resources(Rollout.class).inNamespace(watchedA).list().getItems()).isEmpty();
            assertThat(operator.configMaps().inNamespace(watchedB).list().getItems()).isNotNull();

            assertForbidden(() -> operator.resources(Rollout.class).inNamespace(unwatched).list());
            assertForbidden(() -> operator.resources(Rollout.class).inAnyNamespace().list());
            assertForbidden(() -> operator.secrets().inNamespace(watchedA).list());
            assertForbidden(() -> operator.configMaps().inNamespace(watchedA).withName("x").delete());
        }
    }

    private static void assertForbidden(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOf(KubernetesClientException.class)
                .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(403));
    }

    private static KubernetesClient impersonating(KubernetesClient admin, String serviceAccount) {
        return new KubernetesClientBuilder().withConfig(new ConfigBuilder(admin.getConfiguration())
                .withImpersonateUsername(serviceAccount(serviceAccount))
                .withImpersonateGroups("system:serviceaccounts", "system:serviceaccounts:" + release, "system:authenticated")
                .build()).build();
    }

    private static String serviceAccount(String name) {
        return "system:serviceaccount:" + release + ":" + name;
    }

    /** Asks the API server's authorizer; {@code resource} may name a subresource ({@code rollouts/status}). */
    private static boolean allowed(KubernetesClient client, String user, String group, String resource, String verb,
            String namespace) {
        String[] parts = resource.split("/", 2);
        SubjectAccessReview review = new SubjectAccessReviewBuilder().withNewSpec().withUser(user)
                .withGroups("system:serviceaccounts", "system:serviceaccounts:" + release, "system:authenticated")
                .withNewResourceAttributes().withGroup(group).withResource(parts[0])
                .withSubresource(parts.length > 1 ? parts[1] : null).withVerb(verb)
                .withNamespace(namespace.isEmpty() ? null : namespace).endResourceAttributes()
                .endSpec().build();
        return client.authorization().v1().subjectAccessReview().create(review).getStatus().getAllowed();
    }

}
