package dev.bulkhead.kubectl;

import dev.bulkhead.api.v1alpha1.Rollout;
import dev.bulkhead.api.v1alpha1.RolloutStatus;
import dev.bulkhead.testbed.Manifests;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

/**
 * What the plugin's API-server tests put on the testbed: the CRDs, the Segmentation the fixtures name, Rollouts with
 * their status written through the status subresource (as the operator writes it; the operator itself does not run),
 * and RBAC for users the tests impersonate.
 */
public final class ClusterFixtures {

    /** May read rollouts, nothing else. */
    public static final String READER = "reader@example.com";
    /** May read and patch rollouts, read Segmentations, SLOs, ConfigMaps and Events: what the plugin needs. */
    public static final String ONCALL = "oncall@example.com";
    /** Has no RBAC at all. */
    public static final String NOBODY = "nobody@example.com";

    private ClusterFixtures() {
    }

    public static void installCrds(KubernetesClient client) {
        Manifests.applyCrds(client, Manifests.repositoryRoot().resolve("crds/generated"));
    }

    /** The Segmentation "tiers" and its ConfigMap. */
    public static void tiers(KubernetesClient client, String namespace) throws Exception {
        try (InputStream in = ClusterFixtures.class.getResourceAsStream("/cluster/tiers.yaml")) {
            for (HasMetadata object : client.load(in).items()) {
                client.resource(object).inNamespace(namespace).create();
            }
        }
    }

    /**
     * Creates {@code fixture} as {@code name} in {@code namespace}, then writes its status through the status
     * subresource; {@code annotations} replace the fixture's.
     */
    public static Rollout create(KubernetesClient client, String namespace, Rollout fixture, String name,
            Map<String, String> annotations) {
        Rollout rollout = new Rollout();
        rollout.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).withAnnotations(annotations).build());
        rollout.setSpec(fixture.getSpec());
        Rollout created = client.resource(rollout).create();
        return writeStatus(client, created, fixture.getStatus());
    }

    public static Rollout writeStatus(KubernetesClient client, Rollout current, RolloutStatus status) {
        Rollout latest = client.resources(Rollout.class).inNamespace(current.getMetadata().getNamespace())
                .withName(current.getMetadata().getName()).get();
        latest.setStatus(status);
        return client.resource(latest).updateStatus();
    }

    public static Rollout get(KubernetesClient client, String namespace, String name) {
        return client.resources(Rollout.class).inNamespace(namespace).withName(name).get();
    }

    /** Roles for {@link #READER} and {@link #ONCALL} in the namespace; {@link #NOBODY} gets none. */
    public static void rbac(KubernetesClient client, String namespace) {
        role(client, namespace, "rollout-reader", READER, List.of(
                new PolicyRuleBuilder().withApiGroups("bulkhead.dev").withResources("rollouts")
                        .withVerbs("get", "list", "watch").build()));
        role(client, namespace, "rollout-oncall", ONCALL, List.of(
                new PolicyRuleBuilder().withApiGroups("bulkhead.dev").withResources("rollouts")
                        .withVerbs("get", "list", "watch", "patch").build(),
                new PolicyRuleBuilder().withApiGroups("bulkhead.dev").withResources("segmentations", "servicelevelobjectives")
                        .withVerbs("get").build(),
                new PolicyRuleBuilder().withApiGroups("").withResources("configmaps").withVerbs("get").build(),
                new PolicyRuleBuilder().withApiGroups("").withResources("events").withVerbs("list").build()));
    }

    private static void role(KubernetesClient client, String namespace, String name, String user,
            List<io.fabric8.kubernetes.api.model.rbac.PolicyRule> rules) {
        client.rbac().roles().inNamespace(namespace).resource(new RoleBuilder().withNewMetadata().withName(name).endMetadata()
                .withRules(rules).build()).create();
        client.rbac().roleBindings().inNamespace(namespace).resource(new RoleBindingBuilder().withNewMetadata().withName(name)
                .endMetadata().withNewRoleRef("rbac.authorization.k8s.io", "Role", name)
                .addNewSubject().withApiGroup("rbac.authorization.k8s.io").withKind("User").withName(user).endSubject()
                .build()).create();
    }
}
