package dev.bulkhead.playground;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * Runs the README's main command headlessly, as a newcomer would (only the build is skipped: the reactor just built
 * it), and checks the outcome it captured from the real components before stopping them: the Rollout status, what
 * Unleash serves to SDKs, and what Prometheus measured.
 */
class PlaygroundIT {

    private static final Path ROOT = Path.of(System.getProperty("bulkhead.repo.root", "..")).toAbsolutePath().normalize();
    private static final Set<String> PAYING = Set.of("acme", "hooli", "initech", "globex", "soylent", "umbrella", "stark",
            "wayne", "wonka", "tyrell", "cyberdyne", "massive");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theDefaultPlaygroundRollsBackThePayingSegmentAndNamesItsHurtTenants() throws Exception {
        Path report = ROOT.resolve("playground/target/report");
        Path log = ROOT.resolve("playground/target/playground.log");
        Files.createDirectories(report);
        Process run = new ProcessBuilder(List.of(ROOT.resolve("playground/run").toString(), "--skip-build",
                "--pace", "fast", "--timeout", "900", "--report", report.toString()))
                .directory(ROOT.toFile()).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        boolean ended = run.waitFor(20, TimeUnit.MINUTES);
        if (!ended) {
            run.destroy();
        }
        assertThat(ended).as("the playground ends by itself; see " + log).isTrue();
        assertThat(run.exitValue()).as("playground exit status; see " + log).isZero();

        JsonNode status = JSON.readTree(report.resolve("rollout.json").toFile()).path("status");
        assertThat(status.path("phase").asText()).isEqualTo("RolledBack");
        JsonNode paying = segment(status, "paying");
        assertThat(paying.path("verdict").asText()).isEqualTo("Fail");
        assertThat(paying.path("exposedPercent").asInt()).isZero();
        List<String> hurt = StreamSupport.stream(paying.path("impactedTenants").spliterator(), false)
                .map(t -> t.path("tenant").asText()).toList();
        assertThat(hurt).as("culprit tenants").isNotEmpty().allMatch(PAYING::contains);
        assertThat(paying.path("canaryBurnRate").asDouble()).as("paying canary's own burn rate").isGreaterThan(1.0);
        assertThat(segment(status, "enterprise").path("exposedPercent").asInt()).as("enterprise never exposed").isZero();

        JsonNode feature = StreamSupport.stream(JSON.readTree(report.resolve("unleash-features.json").toFile())
                .path("features").spliterator(), false).filter(f -> "new-checkout".equals(f.path("name").asText()))
                .findFirst().orElseThrow();
        assertThat(StreamSupport.stream(feature.path("strategies").spliterator(), false)
                .map(s -> s.path("title").asText())).as("Unleash strategies after the rollback")
                .doesNotContain("bulkhead:paying", "bulkhead:enterprise");

        JsonNode byVersion = JSON.readTree(report.resolve("prometheus.json").toFile()).path("data").path("result");
        assertThat(StreamSupport.stream(byVersion.spliterator(), false)
                .filter(r -> "enabled".equals(r.path("metric").path("version").asText()))
                .mapToDouble(r -> r.path("value").get(1).asDouble()).sum())
                .as("requests Prometheus saw on the new code path").isPositive();
    }

    private static JsonNode segment(JsonNode status, String name) {
        return StreamSupport.stream(status.path("segments").spliterator(), false)
                .filter(s -> name.equals(s.path("name").asText())).findFirst().orElseThrow();
    }
}
