package dev.bulkhead.testbed;

import java.lang.reflect.Executable;
import java.lang.reflect.Parameter;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import java.lang.reflect.Method;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.opentest4j.TestAbortedException;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * Hands tests the testbed's real components as parameters (of test, lifecycle and constructor methods):
 *
 * <ul>
 * <li>{@link KubernetesClient}: a Fabric8 client with cluster-admin rights on the API server shared by the whole JVM.
 * Do not close it. Which cluster is chosen by {@code -Dbulkhead.cluster} (or env {@code BULKHEAD_CLUSTER}):
 * {@code local} (default: etcd, kube-apiserver, kube-controller-manager, kube-scheduler and kwok with 3 fake Nodes,
 * started by {@code testbed/up}; Deployments get Running, Ready pods), {@code k3s} (Testcontainers; needs Docker)
 * or {@code kubeconfig} (the current kubeconfig's cluster).</li>
 * <li>{@link TestNamespace}: a fresh namespace for the test class, deleted after it.</li>
 * <li>{@link Prometheus}: the shared Prometheus; {@link Prometheus#withOpenMetrics(String)} starts one with known data.</li>
 * <li>{@link Unleash}: the shared Unleash server and its tokens.</li>
 * </ul>
 *
 * <p>A component starts the first time a test class asks for it (the extension looks at the parameter types of the
 * class' constructors and methods before the class runs) and stops when the JVM exits; a watchdog in
 * {@code testbed/up} stops it even when the JVM is killed. When a component cannot start, the test class is skipped
 * with the reason, or, with the environment variable {@code CI=true}, fails with it: real-component tests never skip
 * silently in CI.
 *
 * <p>The scripts are found under the repository root: {@code -Dbulkhead.repo.root}, env {@code BULKHEAD_REPO_ROOT}, or
 * the first parent of the working directory that holds {@code testbed/up}. The binaries come from {@code testbed/setup}.
 *
 * <pre>{@code
 * @ExtendWith(TestbedExtension.class)
 * class RolloutApiServerTest {
 *     @Test
 *     void acceptsTheExample(KubernetesClient client, TestNamespace namespace) {
 *         client.resource(rollout).inNamespace(namespace.name()).create();
 *     }
 * }
 * }</pre>
 */
public final class TestbedExtension implements BeforeAllCallback, BeforeEachCallback, InvocationInterceptor, ParameterResolver {

    private static final ExtensionContext.Namespace STORE = ExtensionContext.Namespace.create(TestbedExtension.class);
    private static final Set<Class<?>> PROVIDED = Set.of(KubernetesClient.class, TestNamespace.class, Prometheus.class,
            Unleash.class);
    private static final String UNAVAILABLE = "unavailable";

    @Override
    public void beforeAll(ExtensionContext context) {
        try {
            start(context);
        } catch (TestAbortedException e) {
            // Skip each test with the reason rather than the class: build tools count skipped tests, not skipped
            // classes, and a silently shrinking test count is how real-component tests get lost.
            context.getStore(STORE).put(UNAVAILABLE, e);
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        TestAbortedException unavailable = context.getStore(STORE).get(UNAVAILABLE, TestAbortedException.class);
        if (unavailable != null) {
            throw unavailable;
        }
    }

    /** A {@code @BeforeAll} method that asks for a component that could not start is skipped with its tests. */
    @Override
    public void interceptBeforeAllMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> method,
            ExtensionContext context) throws Throwable {
        skipWhenUnavailable(invocation, method, context);
    }

    @Override
    public void interceptAfterAllMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> method,
            ExtensionContext context) throws Throwable {
        skipWhenUnavailable(invocation, method, context);
    }

    private static void skipWhenUnavailable(Invocation<Void> invocation, ReflectiveInvocationContext<Method> method,
            ExtensionContext context) throws Throwable {
        boolean needsTestbed = false;
        for (Class<?> type : method.getExecutable().getParameterTypes()) {
            needsTestbed |= PROVIDED.contains(type);
        }
        if (needsTestbed && context.getStore(STORE).get(UNAVAILABLE) != null) {
            invocation.skip();
        } else {
            invocation.proceed();
        }
    }

    private static void start(ExtensionContext context) {
        Set<Class<?>> wanted = parameterTypes(context.getRequiredTestClass());
        Testbed testbed = Testbed.get();
        if (wanted.contains(KubernetesClient.class) || wanted.contains(TestNamespace.class)) {
            testbed.kubernetes();
        }
        if (wanted.contains(Prometheus.class)) {
            testbed.prometheus();
        }
        if (wanted.contains(Unleash.class)) {
            testbed.unleash();
        }
        if (wanted.contains(TestNamespace.class)) {
            namespace(context);
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return PROVIDED.contains(parameter.getParameter().getType());
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        Testbed testbed = Testbed.get();
        if (type == KubernetesClient.class) {
            return testbed.kubernetes();
        }
        if (type == TestNamespace.class) {
            return namespace(context);
        }
        if (type == Prometheus.class) {
            return testbed.prometheus();
        }
        return testbed.unleash();
    }

    private static TestNamespace namespace(ExtensionContext context) {
        ExtensionContext classContext = context;
        while (classContext.getTestMethod().isPresent() && classContext.getParent().isPresent()) {
            classContext = classContext.getParent().get();
        }
        String owner = classContext.getRequiredTestClass().getSimpleName();
        return classContext.getStore(STORE)
                .computeIfAbsent("namespace", key -> new OwnedNamespace(Testbed.get().kubernetes(), owner), OwnedNamespace.class)
                .namespace;
    }

    /** Every parameter type of the class' (and its superclasses') constructors and methods. */
    private static Set<Class<?>> parameterTypes(Class<?> testClass) {
        Set<Class<?>> types = new HashSet<>();
        for (Class<?> c = testClass; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Executable e : c.getDeclaredConstructors()) {
                add(types, e);
            }
            for (Executable e : c.getDeclaredMethods()) {
                add(types, e);
            }
        }
        return types;
    }

    private static void add(Set<Class<?>> types, Executable executable) {
        for (Parameter p : executable.getParameters()) {
            types.add(p.getType());
        }
    }

    /** A namespace the extension created; closing it (when its test class ends) deletes it. */
    private static final class OwnedNamespace implements AutoCloseable {

        private final KubernetesClient client;
        private final TestNamespace namespace;

        OwnedNamespace(KubernetesClient client, String owner) {
            this.client = client;
            String base = "t-" + owner.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
            base = base.substring(0, Math.min(base.length(), 48)).replaceAll("-+$", "");
            String name = base + "-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(0, 6);
            client.resource(new NamespaceBuilder().withNewMetadata().withName(name)
                    .withLabels(Map.of("bulkhead.dev/testbed", "true")).endMetadata().build()).create();
            // The ServiceAccount admission plugin rejects Pods until the controller manager made "default".
            try {
                client.serviceAccounts().inNamespace(name).withName("default")
                        .waitUntilCondition(sa -> sa != null, 60, TimeUnit.SECONDS);
            } catch (KubernetesClientException e) {
                throw Testbed.unavailable("Kubernetes", "namespace " + name + " got no default ServiceAccount: " + e);
            }
            this.namespace = new TestNamespace(name);
        }

        @Override
        public void close() {
            try {
                client.namespaces().withName(namespace.name()).delete();
            } catch (KubernetesClientException e) {
                System.err.println("[testbed] could not delete namespace " + namespace.name() + ": " + e.getMessage());
            }
        }
    }
}
