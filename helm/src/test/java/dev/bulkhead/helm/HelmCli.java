package dev.bulkhead.helm;

import dev.bulkhead.testbed.Manifests;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.opentest4j.TestAbortedException;

/**
 * The helm binary that {@code testbed/build-binaries} builds from {@code testbed/helm/go.mod} into
 * {@code ${BULKHEAD_CACHE:-~/.cache/bulkhead}/bin/helm-<HELM_VERSION>/helm}, run on the chart in {@code helm/bulkhead}.
 * Without the binary the test is skipped with the command that builds it, or fails with {@code CI=true}, like the
 * testbed's own components.
 */
final class HelmCli {

    static final Path ROOT = Manifests.repositoryRoot();
    static final Path CHART = ROOT.resolve("helm/bulkhead");
    private static final Path HOME = ROOT.resolve("helm/target/helm-home");

    private HelmCli() {
    }

    /** What one helm command printed. */
    record Result(int exit, String out, String err) {
        Result orFail(String what) {
            if (exit != 0) {
                throw new AssertionError(what + " exited " + exit + ":\n" + err + out);
            }
            return this;
        }
    }

    /** {@code helm template <release> helm/bulkhead -n <namespace>} with the values files and --set pairs given. */
    static Result template(String release, String namespace, List<String> args) {
        List<String> command = new ArrayList<>(List.of("template", release, CHART.toString(), "--namespace", namespace));
        command.addAll(args);
        return run(command);
    }

    static Result run(List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(binary().toString());
        command.addAll(args);
        try {
            Path err = Files.createTempFile("helm", ".err");
            ProcessBuilder pb = new ProcessBuilder(command).redirectError(err.toFile());
            // Never read or write the user's helm configuration, repositories or plugins.
            pb.environment().putAll(Map.of("HELM_CONFIG_HOME", HOME.resolve("config").toString(),
                    "HELM_CACHE_HOME", HOME.resolve("cache").toString(), "HELM_DATA_HOME", HOME.resolve("data").toString()));
            Process process = pb.start();
            process.getOutputStream().close();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("helm " + args + " did not finish in 60 s");
            }
            String stderr = Files.readString(err);
            Files.delete(err);
            return new Result(process.exitValue(), out, stderr);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Path binary() {
        String version = helmVersion();
        String cache = System.getenv().getOrDefault("BULKHEAD_CACHE", System.getProperty("user.home") + "/.cache/bulkhead");
        Path helm = Path.of(cache, "bin", "helm-" + version, "helm");
        if (!Files.isExecutable(helm)) {
            String reason = "helm " + version + " is not built at " + helm + "; run testbed/build-binaries (or testbed/setup)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException(reason + " (CI=true: the chart tests never skip)");
            }
            throw new TestAbortedException(reason + " (skipped; with CI=true this fails)");
        }
        return helm;
    }

    /** HELM_VERSION from testbed/versions.env, the version build-binaries builds. */
    static String helmVersion() {
        try {
            return Files.readAllLines(ROOT.resolve("testbed/versions.env")).stream()
                    .filter(l -> l.startsWith("HELM_VERSION=")).map(l -> l.substring("HELM_VERSION=".length()).trim())
                    .findFirst().orElseThrow(() -> new IllegalStateException("testbed/versions.env has no HELM_VERSION"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
