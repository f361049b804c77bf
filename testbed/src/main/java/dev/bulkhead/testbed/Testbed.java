package dev.bulkhead.testbed;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.opentest4j.TestAbortedException;

import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * The testbed of one JVM: starts each component once, on first use, by running {@code testbed/up} into a state
 * directory of its own under {@code testbed/.state/jvm-<pid>-<instance>/}, and stops it with {@code testbed/down} when
 * the JVM exits. {@code up} also gets this JVM's PID, so its watchdog stops the processes even after {@code kill -9}.
 *
 * <p>Tests normally get the components as parameters from {@link TestbedExtension}. The three static methods are
 * for code that cannot take parameters, such as a Quarkus test resource that turns them into configuration; they
 * start the component the same way (once per JVM) and fail the same way (aborted test, or an error with
 * {@code CI=true}).
 */
public final class Testbed {

    /** System property (or env {@code BULKHEAD_CLUSTER}): {@code local} (default), {@code k3s} or {@code kubeconfig}. */
    static final String CLUSTER_PROPERTY = "bulkhead.cluster";
    /** System property (or env {@code BULKHEAD_REPO_ROOT}): the repository holding {@code testbed/up}. */
    static final String REPO_ROOT_PROPERTY = "bulkhead.repo.root";
    /** System property: keep the state directories (logs) after the JVM exits. */
    static final String KEEP_STATE_PROPERTY = "bulkhead.testbed.keepState";

    private static final Duration UP_TIMEOUT = Duration.ofMinutes(5);
    private static final Testbed INSTANCE = new Testbed();

    private final Map<String, Object> started = new HashMap<>();
    private final Map<String, RuntimeException> failed = new HashMap<>();
    private final Deque<Runnable> stops = new ArrayDeque<>();
    /** testbed/down runs that could not start or did not finish in time. */
    private final AtomicInteger incompleteDowns = new AtomicInteger();
    private final AtomicInteger dedicated = new AtomicInteger();
    private volatile Path repoRoot;

    private Testbed() {
        Runtime.getRuntime().addShutdownHook(new Thread(this::stopAll, "bulkhead-testbed-stop"));
    }

    static Testbed get() {
        return INSTANCE;
    }

    /** The JVM's shared Kubernetes client (see {@link TestbedExtension} for the cluster choice); do not close it. */
    public static KubernetesClient sharedKubernetesClient() {
        return INSTANCE.kubernetes();
    }

    /** The JVM's shared Prometheus. */
    public static Prometheus sharedPrometheus() {
        return INSTANCE.prometheus();
    }

    /** The JVM's shared Unleash. */
    public static Unleash sharedUnleash() {
        return INSTANCE.unleash();
    }

    /** The shared Kubernetes client, on the cluster {@code -Dbulkhead.cluster} selects. */
    KubernetesClient kubernetes() {
        return component("kube", () -> switch (clusterMode()) {
            case "local" -> localKubernetes();
            case "k3s" -> K3sCluster.start(this);
            case "kubeconfig" -> KubeconfigCluster.connect(this);
            default -> throw unavailable("Kubernetes", "unknown -D" + CLUSTER_PROPERTY + "=" + clusterMode()
                    + " (use local, k3s or kubeconfig)");
        });
    }

    /** The shared Prometheus (scrape targets and rules go into its config directory). */
    Prometheus prometheus() {
        return component("prometheus", () -> {
            Map<String, String> env = up("prometheus", "prometheus");
            return new Prometheus(env.get("PROMETHEUS_URL"), Path.of(env.get("PROMETHEUS_CONFIG_DIR")), null);
        });
    }

    /** The shared Unleash with its PostgreSQL. */
    Unleash unleash() {
        return component("unleash", () -> {
            Map<String, String> env = up("unleash", "unleash");
            return new Unleash(URI.create(env.get("UNLEASH_URL")), env.get("UNLEASH_ADMIN_TOKEN"),
                    env.get("UNLEASH_CLIENT_TOKEN"));
        });
    }

    /** A Prometheus of its own whose TSDB was backfilled from {@code openMetrics}; closing it stops it. */
    Prometheus dedicatedPrometheus(String openMetrics) {
        String name = "prometheus-" + dedicated.incrementAndGet();
        try {
            Path dir = stateBase().resolve(name);
            Files.createDirectories(dir);
            Path data = dir.resolve("backfill.om");
            String text = openMetrics.endsWith("\n") ? openMetrics : openMetrics + "\n";
            if (!text.strip().endsWith("# EOF")) {
                text += "# EOF\n"; // promtool rejects OpenMetrics input without the terminator
            }
            Files.writeString(data, text, StandardCharsets.UTF_8);
            Map<String, String> env = up(name, "prometheus", "--openmetrics", data.toString());
            Path state = stateBase().resolve(name);
            return new Prometheus(env.get("PROMETHEUS_URL"), Path.of(env.get("PROMETHEUS_CONFIG_DIR")),
                    () -> down(state));
        } catch (IOException e) {
            throw unavailable("Prometheus", e.toString());
        }
    }

    static boolean ci() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /**
     * What a component that cannot start becomes: with {@code CI=true} an error that fails the test loudly,
     * otherwise an aborted test (reported as skipped) that carries the reason.
     */
    static RuntimeException unavailable(String component, String reason) {
        if (ci()) {
            return new IllegalStateException(component + " is not available (CI=true: real-component tests never skip): "
                    + reason);
        }
        return new TestAbortedException(component + " is not available (skipped; with CI=true this fails): " + reason);
    }

    String clusterMode() {
        String mode = System.getProperty(CLUSTER_PROPERTY, System.getenv("BULKHEAD_CLUSTER"));
        return mode == null || mode.isBlank() ? "local" : mode.trim().toLowerCase(Locale.ROOT);
    }

    void onStop(Runnable stop) {
        synchronized (stops) {
            stops.push(stop);
        }
    }

    @SuppressWarnings("unchecked")
    private synchronized <T> T component(String name, Supplier<T> start) {
        if (failed.containsKey(name)) {
            throw failed.get(name); // do not retry a slow failing start for every test class
        }
        Object value = started.get(name);
        if (value == null) {
            try {
                value = start.get();
            } catch (RuntimeException e) {
                failed.put(name, e);
                throw e;
            }
            started.put(name, value);
        }
        return (T) value;
    }

    private KubernetesClient localKubernetes() {
        Map<String, String> env = up("kube", "kube");
        KubernetesClient client = KubeconfigCluster.client(Path.of(env.get("KUBECONFIG")));
        onStop(client::close);
        return client;
    }

    /** Runs {@code testbed/up} into {@code <state base>/<name>} and returns the env file it wrote. */
    private Map<String, String> up(String name, String components, String... extra) {
        removeStaleStateDirs();
        Path state = stateBase().resolve(name);
        List<String> command = new ArrayList<>(List.of("bash", script("up").toString(), "--state-dir", state.toString(),
                "--components", components, "--owner-pid", Long.toString(ProcessHandle.current().pid())));
        command.addAll(List.of(extra));
        Path output = stateBase().resolve(name + ".up.log");
        // Registered before starting: a half-started component is stopped too.
        onStop(() -> down(state));
        try {
            Files.createDirectories(state);
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            if (Boolean.getBoolean(KEEP_STATE_PROPERTY)) {
                builder.environment().put("BULKHEAD_TESTBED_KEEP_STATE", "true"); // for the watchdog's testbed/down
            }
            Process process = builder.start();
            if (!process.waitFor(UP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw unavailable(components, "testbed/up did not finish within " + UP_TIMEOUT + "\n" + tail(output));
            }
            if (process.exitValue() != 0) {
                throw unavailable(components, "testbed/up exited with " + process.exitValue() + ":\n" + tail(output));
            }
            return readEnv(state.resolve("env"));
        } catch (IOException e) {
            throw unavailable(components, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(components, "interrupted");
        }
    }

    /**
     * Runs testbed/down for one component and waits for it, through interrupts: the shutdown hook's thread can be
     * interrupted while the JVM exits, and giving up early let {@link #stopAll} delete the PID files under a down
     * still reading them, which left the API server, the controllers and kwok running without their etcd.
     */
    private void down(Path state) {
        List<String> command = new ArrayList<>(List.of("bash", script("down").toString(), "--state-dir", state.toString()));
        if (!Boolean.getBoolean(KEEP_STATE_PROPERTY)) {
            command.add("--purge");
        }
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            System.err.println("[testbed] could not run testbed/down for " + state + ": " + e);
            incompleteDowns.incrementAndGet();
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    if (!process.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                        System.err.println("[testbed] testbed/down for " + state + " still runs after 60 s");
                        incompleteDowns.incrementAndGet();
                    }
                    return;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void stopAll() {
        while (true) {
            Runnable stop;
            synchronized (stops) {
                stop = stops.poll();
            }
            if (stop == null) {
                break;
            }
            try {
                stop.run();
            } catch (RuntimeException e) {
                System.err.println("[testbed] stopping failed: " + e);
            }
        }
        // Not synchronized: a start still running (holding the lock) must not block the JVM's exit. A down that did not
        // finish keeps the directory: its PID files are what it, or the watchdog after it, stops the processes by.
        if (repoRoot != null && !Boolean.getBoolean(KEEP_STATE_PROPERTY) && incompleteDowns.get() == 0) {
            deleteTree(stateBase());
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("[testbed] could not remove " + dir + ": " + e);
        }
    }

    static Map<String, String> readEnv(Path file) throws IOException {
        Map<String, String> env = new HashMap<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            int eq = line.indexOf('=');
            if (line.isBlank() || line.startsWith("#") || eq < 1) {
                continue;
            }
            String value = line.substring(eq + 1);
            if (value.length() >= 2 && value.startsWith("'") && value.endsWith("'")) {
                value = value.substring(1, value.length() - 1);
            }
            env.put(line.substring(0, eq), value);
        }
        return env;
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }

    /** Removes what JVMs that died before their shutdown hook ran left in {@code testbed/.state/}. */
    private void removeStaleStateDirs() {
        Path parent = stateBase().getParent();
        if (!Files.isDirectory(parent)) {
            return;
        }
        try (var dirs = Files.list(parent)) {
            dirs.filter(d -> STATE_DIR.matcher(d.getFileName().toString()).matches())
                    .filter(d -> ownerGone(d.getFileName().toString()))
                    .filter(d -> !holdsPidFiles(d)) // its watchdog has not stopped everything yet
                    .forEach(Testbed::deleteTree);
        } catch (IOException e) {
            System.err.println("[testbed] could not list " + parent + ": " + e);
        }
    }

    private static boolean holdsPidFiles(Path dir) {
        try (var files = Files.walk(dir, 3)) {
            return files.anyMatch(f -> f.getFileName().toString().endsWith(".pid"));
        } catch (IOException e) {
            return true;
        }
    }

    /** {@code jvm-<pid>-<instance>}: the JVM that owns the folder, and which Testbed instance in it. */
    private static final java.util.regex.Pattern STATE_DIR = java.util.regex.Pattern.compile("jvm-(\\d+)-[0-9a-f]+");

    private static boolean ownerGone(String stateDir) {
        var m = STATE_DIR.matcher(stateDir);
        return m.matches() && ProcessHandle.of(Long.parseLong(m.group(1))).isEmpty();
    }

    /**
     * This instance's folder. One JVM can hold several instances: Quarkus tests load the test classes, this one
     * included, again in their own class loader. A folder per JVM let one instance's shutdown delete the PID files
     * of the components another had started, and those were then never stopped.
     */
    Path stateBase() {
        return repoRoot().resolve("testbed").resolve(".state")
                .resolve("jvm-" + ProcessHandle.current().pid() + "-" + Integer.toHexString(System.identityHashCode(this)));
    }

    private Path script(String name) {
        return repoRoot().resolve("testbed").resolve(name);
    }

    /** The repository root: {@code -Dbulkhead.repo.root}, env {@code BULKHEAD_REPO_ROOT}, or the first parent of the working directory with {@code testbed/up}. */
    synchronized Path repoRoot() {
        if (repoRoot == null) {
            String configured = System.getProperty(REPO_ROOT_PROPERTY, System.getenv("BULKHEAD_REPO_ROOT"));
            if (configured != null && !configured.isBlank()) {
                repoRoot = Path.of(configured).toAbsolutePath().normalize();
            } else {
                for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
                    if (Files.isRegularFile(dir.resolve("testbed").resolve("up"))) {
                        repoRoot = dir;
                        break;
                    }
                }
            }
            if (repoRoot == null || !Files.isRegularFile(repoRoot.resolve("testbed").resolve("up"))) {
                throw unavailable("testbed", "no testbed/up found from " + Paths.get("").toAbsolutePath()
                        + "; set -D" + REPO_ROOT_PROPERTY + "=<repository root>");
            }
        }
        return repoRoot;
    }
}
