package dev.bulkhead.helm;

import java.util.List;
import java.util.Set;

/**
 * What the operator is allowed to do, verb by verb, read from its code (docs/install.md has the same table): the
 * chart must render exactly these rules, the API server must allow each of them to the chart's ServiceAccount and
 * refuse the {@link #NEVER} list, and the operator must release under nothing more ({@code HelmRbacIT}).
 */
final class OperatorPermissions {

    /** One rule: verbs on a resource (or subresource, {@code rollouts/status}) of an API group ("" is core). */
    record Rule(String group, String resource, Set<String> verbs) {
    }

    /** One request that must be refused. */
    record Denied(String group, String resource, String verb) {
    }

    static final List<Rule> WATCHED_NAMESPACES = List.of(
            new Rule("bulkhead.dev", "rollouts", Set.of("get", "list", "watch", "patch")),
            new Rule("bulkhead.dev", "segmentations", Set.of("get", "list", "watch", "patch")),
            new Rule("bulkhead.dev", "servicelevelobjectives", Set.of("get", "list", "watch", "patch")),
            new Rule("bulkhead.dev", "featureflags", Set.of("get", "list", "watch", "patch")),
            new Rule("bulkhead.dev", "rollouts/status", Set.of("patch", "update")),
            new Rule("bulkhead.dev", "segmentations/status", Set.of("patch")),
            new Rule("bulkhead.dev", "servicelevelobjectives/status", Set.of("patch")),
            new Rule("bulkhead.dev", "featureflags/status", Set.of("patch")),
            new Rule("bulkhead.dev", "rollouts/finalizers", Set.of("update")),
            new Rule("", "configmaps", Set.of("get", "list", "watch")),
            new Rule("apps", "deployments", Set.of("get", "list", "watch", "create", "patch")),
            new Rule("apps", "deployments/scale", Set.of("get", "update")),
            new Rule("", "services", Set.of("get", "create", "patch")),
            new Rule("", "events", Set.of("create")),
            new Rule("gateway.networking.k8s.io", "httproutes", Set.of("get", "update")),
            new Rule("networking.istio.io", "virtualservices", Set.of("get", "update")),
            new Rule("monitoring.coreos.com", "prometheusrules", Set.of("get", "create", "patch")));

    /** Leader election, in the release namespace only. */
    static final List<Rule> LEADER_ELECTION = List.of(
            new Rule("coordination.k8s.io", "leases", Set.of("get", "create", "update", "patch")));

    /** Never needed, so never granted: reading Secrets, deleting what users own, widening its own rights. */
    static final List<Denied> NEVER = List.of(
            new Denied("", "secrets", "get"),
            new Denied("", "secrets", "list"),
            new Denied("", "pods", "list"),
            new Denied("", "configmaps", "update"),
            new Denied("", "configmaps", "delete"),
            new Denied("", "services", "delete"),
            new Denied("apps", "deployments", "delete"),
            new Denied("bulkhead.dev", "rollouts", "delete"),
            new Denied("bulkhead.dev", "rollouts", "create"),
            new Denied("bulkhead.dev", "segmentations", "update"),
            new Denied("gateway.networking.k8s.io", "httproutes", "delete"),
            new Denied("gateway.networking.k8s.io", "httproutes", "create"),
            new Denied("monitoring.coreos.com", "prometheusrules", "delete"),
            new Denied("rbac.authorization.k8s.io", "roles", "create"),
            new Denied("rbac.authorization.k8s.io", "rolebindings", "create"),
            new Denied("apiextensions.k8s.io", "customresourcedefinitions", "get"));

    private OperatorPermissions() {
    }
}
