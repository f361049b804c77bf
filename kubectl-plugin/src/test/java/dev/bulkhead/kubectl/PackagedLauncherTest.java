package dev.bulkhead.kubectl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/kubectl-bulkhead as kubectl starts it: a process found on the PATH, running the shaded jar the build packaged
 * (this test runs in the package phase, after the shade step). The API-server behaviour is tested in-process; here a
 * cluster that cannot be reached proves the jar's Kubernetes client is wired (its HTTP client is found through
 * META-INF/services) and that KUBECONFIG, the context's namespace and the exit code pass through the script. Every run
 * uses class-data sharing as users get it, with one cache for the class, so the archive is recorded once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PackagedLauncherTest {

    private static final Path LAUNCHER = Path.of(System.getProperty("bulkhead.plugin.launcher", "bin/kubectl-bulkhead"));
    private static final Path JAR = Path.of(System.getProperty("bulkhead.plugin.jar", "target/kubectl-bulkhead.jar"));

    private record Result(int exit, String out, String err) {
    }

    @TempDir
    Path dir;

    /** The launcher's cache (XDG_CACHE_HOME) shared by every run of the class. */
    private Path cache;

    @BeforeAll
    void cache() throws IOException {
        cache = Files.createTempDirectory("kubectl-bulkhead-cache");
    }

    @AfterAll
    void removeCache() throws IOException {
        try (Stream<Path> files = Files.walk(cache)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    private Result run(Path executable, Map<String, String> environment, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(executable.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(dir.resolve("out").toFile())
                .redirectError(dir.resolve("err").toFile());
        builder.environment().remove("KUBECONFIG");
        builder.environment().remove("BULKHEAD_PLUGIN_CDS");
        builder.environment().put("XDG_CACHE_HOME", cache.toString());
        builder.environment().putAll(environment);
        Process process = builder.start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("finished").isTrue();
        Result result = new Result(process.exitValue(), Files.readString(dir.resolve("out")), Files.readString(dir.resolve("err")));
        assertThat(archives()).as("at most one class-data-sharing archive: the first run records it").hasSizeLessThanOrEqualTo(1);
        return result;
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
    void recordsOneClassDataSharingArchiveAndStartsFromItWithoutWarnings() throws Exception {
        Result first = run(LAUNCHER, Map.of(), "--version");
        Path archive = archives().get(0);
        long recorded = Files.getLastModifiedTime(archive).toMillis();

        Result second = run(LAUNCHER, Map.of(), "--version");

        assertThat(second.exit()).as(second.err()).isZero();
        assertThat(second.out()).isEqualTo(first.out()).isEqualTo("kubectl-bulkhead 0.1.0\n");
        assertThat(second.err()).as("no class-data-sharing warnings").isEmpty();
        assertThat(archives()).containsExactly(archive);
        assertThat(Files.getLastModifiedTime(archive).toMillis()).as("not recorded again").isEqualTo(recorded);
        assertThat(archive.getFileName().toString()).startsWith("kubectl-bulkhead-").endsWith(".jsa");
    }

    private List<Path> archives() throws IOException {
        Path folder = cache.resolve("bulkhead");
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".jsa")).toList();
        }
    }
}
