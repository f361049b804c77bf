package dev.bulkhead.kubectl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/kubectl-bulkhead as kubectl starts it: a process found on the PATH, running the shaded jar the build packaged
 * (this test runs in the package phase, after the shade step). The API-server behaviour is tested in-process; here a
 * cluster that cannot be reached proves the jar's Kubernetes client is wired (its HTTP client is found through
 * META-INF/services) and that KUBECONFIG, the context's namespace and the exit code pass through the script.
 */
class PackagedLauncherTest {

    private static final Path LAUNCHER = Path.of(System.getProperty("bulkhead.plugin.launcher", "bin/kubectl-bulkhead"));
    private static final Path JAR = Path.of(System.getProperty("bulkhead.plugin.jar", "target/kubectl-bulkhead.jar"));

    private record Result(int exit, String out, String err) {
    }

    @TempDir
    Path dir;

    private Result run(Path executable, Map<String, String> environment, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(executable.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(dir.resolve("out").toFile())
                .redirectError(dir.resolve("err").toFile());
        builder.environment().remove("KUBECONFIG");
        builder.environment().put("BULKHEAD_PLUGIN_CDS", "0");
        builder.environment().putAll(environment);
        Process process = builder.start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("finished").isTrue();
        return new Result(process.exitValue(), Files.readString(dir.resolve("out")), Files.readString(dir.resolve("err")));
    }

    @Test
    void theJarWasPackagedAndTheLauncherIsExecutable() {
        assertThat(JAR).isRegularFile();
        assertThat(LAUNCHER).isExecutable();
    }

    @Test
    void foundOnThePathThroughASymlinkItRunsThePackagedJar() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path linked = Files.createSymbolicLink(bin.resolve("kubectl-bulkhead"), LAUNCHER.toAbsolutePath());
        Result result = run(linked, Map.of(), "--version");
        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(result.out()).isEqualTo("kubectl-bulkhead 0.1.0\n");
    }

    @Test
    void readsKubeconfigFromTheEnvironmentAndPassesTheExitCodeThrough() throws Exception {
        Path kubeconfig = TestKubeconfig.unreachable(dir);
        Result result = run(LAUNCHER, Map.of("KUBECONFIG", kubeconfig.toString()), "get");
        assertThat(result.exit()).isEqualTo(ExitCodes.ERROR);
        assertThat(result.err()).startsWith("error: cannot reach the API server at https://127.0.0.1:1/ to list rollouts in "
                + "namespace \"shop\": ");
        assertThat(result.out()).isEmpty();

        Result usage = run(LAUNCHER, Map.of("KUBECONFIG", kubeconfig.toString()), "status", "checkout", "--until-phase", "Done");
        assertThat(usage.exit()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void withoutTheJarItSaysHowToBuildIt() throws Exception {
        Result result = run(LAUNCHER, Map.of("BULKHEAD_PLUGIN_JAR", dir.resolve("missing.jar").toString()), "get");
        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.err()).contains("cannot find kubectl-bulkhead.jar").contains("./bulkhead kubectl-plugin");
    }

    @Test
    void recordsAClassDataSharingArchiveOnceAndStartsFromIt() throws Exception {
        Map<String, String> cds = Map.of("BULKHEAD_PLUGIN_CDS", "1", "XDG_CACHE_HOME", dir.toString());
        Result first = run(LAUNCHER, cds, "--version");
        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(first.out()).isEqualTo("kubectl-bulkhead 0.1.0\n");
        assertThat(archives()).hasSize(1);
        Path archive = archives().get(0);
        long recorded = Files.getLastModifiedTime(archive).toMillis();

        Result second = run(LAUNCHER, cds, "--version");
        assertThat(second.exit()).as(second.err()).isZero();
        assertThat(second.out()).isEqualTo(first.out());
        assertThat(second.err()).as("no class-data-sharing warnings").isEmpty();
        assertThat(archives()).containsExactly(archive);
        assertThat(Files.getLastModifiedTime(archive).toMillis()).as("not recorded again").isEqualTo(recorded);
    }

    private List<Path> archives() throws IOException {
        Path cache = dir.resolve("bulkhead");
        if (!Files.isDirectory(cache)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(cache)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".jsa")).toList();
        }
    }
}
