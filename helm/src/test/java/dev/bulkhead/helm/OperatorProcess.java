package dev.bulkhead.helm;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged operator ({@code operator/target/quarkus-app/quarkus-run.jar}) as a process, the way a pod runs it:
 * with the environment the chart gives its container, a kubeconfig that carries only the chart's ServiceAccount
 * token, and {@code HOSTNAME} as the pod name (the leader-election identity). Only the HTTP host and port differ
 * (loopback, a free port), since several replicas share this machine.
 */
final class OperatorProcess implements AutoCloseable {

    static final Path JAR = HelmCli.ROOT.resolve("operator/target/quarkus-app/quarkus-run.jar");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Process process;
    private final Path log;
    private final int port;

    private OperatorProcess(String name, Process process, Path log, int port) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.port = port;
    }

    static OperatorProcess start(String podName, Map<String, String> chartEnv, Path kubeconfig) {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR + " is missing: package the operator first "
                    + "(./mvnw -pl operator -am package -DskipTests; the reactor does it before this module)");
        }
        int port = freePort();
        Path log = HelmCli.ROOT.resolve("helm/target/operator-" + podName + ".log");
        Map<String, String> env = new LinkedHashMap<>(chartEnv);
        env.put("BULKHEAD_HTTP_PORT", Integer.toString(port));
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        env.put("HOSTNAME", podName);
        env.put("KUBECONFIG", kubeconfig.toString());
        try {
            Files.createDirectories(log.getParent());
            // C1 only: two replicas start on a shared 2-core machine in about half the time; the chart's own
            // JAVA_TOOL_OPTIONS still apply.
            ProcessBuilder pb = new ProcessBuilder(List.of(javaBinary(), "-XX:TieredStopAtLevel=1", "-jar", JAR.toString()))
                    .directory(HelmCli.ROOT.toFile()).redirectErrorStream(true).redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            // Nothing of this JVM's environment leaks in (a developer's KUBECONFIG, BULKHEAD_* settings): only the chart's.
            pb.environment().keySet().removeIf(k -> k.startsWith("BULKHEAD_") || k.startsWith("QUARKUS_") || k.equals("KUBECONFIG"));
            pb.environment().putAll(env);
            return new OperatorProcess(podName, pb.start(), log, port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String name() {
        return name;
    }

    int port() {
        return port;
    }

    boolean alive() {
        return process.isAlive();
    }

    /** What a GET on the operator's HTTP port answered; status 0 when nothing answers (yet). */
    record Response(int status, String body) {
    }

    Response get(String path) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body());
        } catch (IOException e) {
            return new Response(0, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "";
        }
    }

    Path logFile() {
        return log;
    }

    /** Stops it as Kubernetes stops a pod: SIGTERM, then SIGKILL after a grace period. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Kills it without a chance to release anything, like a node that disappears. */
    void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
