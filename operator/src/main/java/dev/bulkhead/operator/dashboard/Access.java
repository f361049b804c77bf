package dev.bulkhead.operator.dashboard;

/**
 * One question for the authorizer: may the caller {@code verb} the {@code resource} of group {@code bulkhead.dev}
 * in {@code namespace} (empty: cluster-wide), optionally one object by {@code name}.
 */
public record Access(String verb, String resource, String namespace, String name) {

    public static final String GROUP = "bulkhead.dev";
    public static final String ROLLOUTS = "rollouts";
    public static final String SLOS = "servicelevelobjectives";

    public static Access list(String resource, String namespace) {
        return new Access("list", resource, namespace, null);
    }

    public static Access get(String resource, String namespace, String name) {
        return new Access("get", resource, namespace, name);
    }

    public static Access patchRollout(String namespace, String name) {
        return new Access("patch", ROLLOUTS, namespace, name);
    }

    /** Reads like RBAC's own messages: {@code patch rollouts.bulkhead.dev "checkout" in namespace "shop"}. */
    public String describe() {
        return verb + " " + resource + "." + GROUP + (name == null ? "" : " \"" + name + "\"")
                + (namespace == null || namespace.isEmpty() ? " cluster-wide" : " in namespace \"" + namespace + "\"");
    }
}
