package dev.bulkhead.testbed;

/**
 * A namespace created for one test class on the testbed's cluster and deleted after the class. Tests share one
 * API server, so everything a test creates belongs in its namespace (or carries its name, for cluster-scoped objects).
 * The namespace's {@code default} ServiceAccount exists before the test starts, so Pods can be created at once.
 *
 * @param name the namespace's name, for example {@code t-informerapiservertest-3f9a1c}
 */
public record TestNamespace(String name) {

    @Override
    public String toString() {
        return name;
    }
}
