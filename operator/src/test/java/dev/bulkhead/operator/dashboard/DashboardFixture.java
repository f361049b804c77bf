package dev.bulkhead.operator.dashboard;

import static org.awaitility.Awaitility.await;

import dev.bulkhead.api.v1alpha1.Rollout;
import dev.bulkhead.api.v1alpha1.RolloutStatus;
import dev.bulkhead.api.v1alpha1.ServiceLevelObjective;
import dev.bulkhead.api.v1alpha1.ServiceLevelObjectiveStatus;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * Given-steps of the dashboard tests: the playground's Segmentation and SLO, a Rollout whose status is the one a real
 * playground run wrote (a paying regression rolled back, four tenants hurt, enterprise never exposed), written through
 * the status subresource, and ServiceAccounts whose tokens come from TokenRequest.
 */
final class DashboardFixture {

    /** The verbs a Role grants on Bulkhead's resources. */
    static final List<String> READ = List.of("get", "list", "watch");
    static final List<String> READ_AND_PATCH = List.of("get", "list", "watch", "patch");

    private DashboardFixture() {
    }

    /** The playground's Segmentation {@code tiers} and SLO {@code checkout}, the SLO with a burning paying segment. */
    static void givenTiersAndSlo(KubernetesClient client, String namespace) {
        apply(client, namespace, """
                apiVersion: bulkhead.dev/v1alpha1
                kind: Segmentation
                metadata: {name: tiers}
                spec:
                  segments:
                    - {name: internal, tenants: [staff, qa-bot]}
                    - {name: free, tenants: [free-01, free-02, free-03, free-04, free-05, free-06, free-07, free-08, free-09, free-10]}
                    - {name: paying, tenants: [acme, hooli, initech, globex, soylent, umbrella, stark, wayne, wonka, tyrell, cyberdyne, massive]}
                    - {name: enterprise, tenants: [corp-aurora, corp-borealis, corp-cirrus, corp-delta]}
                ---
                apiVersion: bulkhead.dev/v1alpha1
                kind: ServiceLevelObjective
                metadata: {name: checkout}
                spec:
                  segmentationRef: {name: tiers}
                  indicators:
                    - name: availability
                      objective: 99.5
                      events:
                        bad: http_requests_total{job="demo", code=~"5.."}
                        total: http_requests_total{job="demo"}
                """);
        ServiceLevelObjective slo = client.resources(ServiceLevelObjective.class).inNamespace(namespace).withName("checkout").get();
        slo.setStatus(Serialization.unmarshal(resource("checkout-slo-status.json"), ServiceLevelObjectiveStatus.class));
        client.resource(slo).updateStatus();
    }

    /** A Rollout named {@code name} with the playground's spec and the status a real playground run wrote. */
    static Rollout givenRolledBackRollout(KubernetesClient client, String namespace, String name) {
        Rollout captured = Serialization.unmarshal(resource("playground-rollout.json"), Rollout.class);
        RolloutStatus status = captured.getStatus();
        captured.setStatus(null);
        captured.getMetadata().setName(name);
        captured.getMetadata().setNamespace(namespace);
        Rollout created = client.resource(captured).create();
        created.setStatus(status);
        return client.resource(created).updateStatus();
    }

    /**
     * A ServiceAccount {@code name} holding {@code verbs} on rollouts and servicelevelobjectives in {@code namespaces}
     * (none: no permission at all), and a fresh token for it.
     */
    static String tokenFor(KubernetesClient client, String namespace, String name, List<String> verbs, String... namespaces) {
        client.resource(new ServiceAccountBuilder().withNewMetadata().withName(name).withNamespace(namespace)
                .endMetadata().build()).serverSideApply();
        for (String granted : namespaces) {
            String role = "dashboard-" + name;
            client.resource(new RoleBuilder().withNewMetadata().withName(role).withNamespace(granted).endMetadata()
                    .withRules(new PolicyRuleBuilder().withApiGroups("bulkhead.dev")
                            .withResources("rollouts", "servicelevelobjectives").withVerbs(verbs).build())
                    .build()).serverSideApply();
            client.resource(new RoleBindingBuilder().withNewMetadata().withName(role).withNamespace(granted).endMetadata()
                    .withNewRoleRef("rbac.authorization.k8s.io", "Role", role)
                    .addNewSubject().withKind("ServiceAccount").withName(name).withNamespace(namespace).endSubject()
                    .build()).serverSideApply();
        }
        for (String granted : namespaces) {
            awaitAllowed(client, serviceAccountUser(namespace, name), verbs.get(verbs.size() - 1), granted);
        }
        return client.serviceAccounts().inNamespace(namespace).withName(name)
                .tokenRequest(new TokenRequestBuilder().withNewSpec().withExpirationSeconds(3600L).endSpec().build())
                .getStatus().getToken();
    }

    /** RBAC's authorizer learns new bindings from an informer: wait until it answers with the new rule. */
    private static void awaitAllowed(KubernetesClient client, String user, String verb, String namespace) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> Boolean.TRUE.equals(
                client.authorization().v1().subjectAccessReview().create(new SubjectAccessReviewBuilder().withNewSpec()
                        .withUser(user).withNewResourceAttributes().withGroup("bulkhead.dev").withResource("rollouts")
                        .withVerb(verb).withNamespace(namespace).endResourceAttributes().endSpec().build())
                        .getStatus().getAllowed()));
    }

    static String serviceAccountUser(String namespace, String name) {
        return "system:serviceaccount:" + namespace + ":" + name;
    }

    private static void apply(KubernetesClient client, String namespace, String yaml) {
        for (HasMetadata object : client.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).items()) {
            client.resource(object).inNamespace(namespace).forceConflicts().serverSideApply();
        }
    }

    static String resource(String name) {
        try (InputStream in = DashboardFixture.class.getResourceAsStream("/dashboard/" + name)) {
            if (in == null) {
                throw new IllegalStateException("test resource dashboard/" + name + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
