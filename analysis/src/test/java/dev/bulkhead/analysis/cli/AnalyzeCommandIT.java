package dev.bulkhead.analysis.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulkhead.analysis.SegmentAnalyzerITData;
import dev.bulkhead.testbed.Prometheus;
import dev.bulkhead.testbed.TestbedExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import picocli.CommandLine;

/** {@code bulkhead analyze} end to end: YAML files in, verdicts out, against the same real Prometheus data. */
@ExtendWith(TestbedExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AnalyzeCommandIT {

    private static final Path FILES = Path.of("src", "test", "resources", "cli");
    private Prometheus prometheus;

    @BeforeAll
    void start() {
        prometheus = Prometheus.withOpenMetrics(SegmentAnalyzerITData.traffic());
    }

    @AfterAll
    void stop() {
        if (prometheus != null) {
            prometheus.close();
        }
    }

    private record Run(int exit, String out, String err) {
    }

    private Run run(String... extra) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new BulkheadCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        String[] base = {"analyze", "--prometheus", prometheus.baseUrl().toString(), "--slo", FILES.resolve("slo.yaml").toString(),
            "--segmentation", FILES.resolve("segmentation.yaml").toString(), "--config-map",
            FILES.resolve("paying-tenants.yaml").toString(), "--at", SegmentAnalyzerITData.END.toString(), "--window", "10m"};
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void printsPerSegmentVerdictsAndExitsOneOnAFailure() {
        Run r = run("--canary", "v2", "--stable", "v1", "--bake-complete");
        assertThat(r.exit()).as(r.err()).isEqualTo(AnalyzeCommand.FAILED);
        assertThat(r.out()).containsPattern("paying\\s+FAIL\\s+RelevantRegression\\s+p1,p2")
                .containsPattern("free\\s+PASS")
                .containsPattern("internal\\s+NO_DATA")
                // The per-tenant tests are reported too, even when the segment's own test decided.
                .containsPattern("tenant p1 +availability bad 600 of 12000 \\(5\\.000%\\) vs baseline [0-9.]+%, tenant test");
    }

    @Test
    void jsonOutputCarriesTheNumbers() throws Exception {
        Run r = run("--canary", "v2", "--stable", "v1", "--output", "json", "--budgets");
        JsonNode json = new ObjectMapper().readTree(r.out());
        JsonNode paying = null;
        for (JsonNode s : json.path("segments")) {
            if (s.path("segment").asText().equals("paying")) {
                paying = s;
            }
        }
        assertThat(paying).isNotNull();
        assertThat(paying.path("verdict").asText()).isEqualTo("FAIL");
        assertThat(paying.path("indicators").get(0).path("evidence").path("canary").path("events").asDouble()).isEqualTo(24_000.0);
        assertThat(json.path("evaluatedAt").asText()).isEqualTo(SegmentAnalyzerITData.END.toString());
        assertThat(json.path("budgets").path("segments")).hasSize(4);
    }

    @Test
    void badInputExitsThreeWithTheFieldPath() {
        Run r = run("--canary", "v2");
        assertThat(r.exit()).isEqualTo(AnalyzeCommand.BAD_INPUT);
        assertThat(r.err()).contains("--canary and --stable are required");
    }
}
