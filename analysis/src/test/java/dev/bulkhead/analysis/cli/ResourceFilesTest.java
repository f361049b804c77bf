package dev.bulkhead.analysis.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulkhead.analysis.judge.JudgeConfig;
import dev.bulkhead.analysis.model.Indicator;
import dev.bulkhead.analysis.model.ServiceLevelObjective;
import dev.bulkhead.analysis.model.Segmentation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI reads the very files of examples/resources/valid, which the crds module validates against the CRDs. */
class ResourceFilesTest {

    private static final Path EXAMPLES = Path.of("..", "examples", "resources", "valid");

    @Test
    void readsTheExampleSloAndSegmentation() {
        Map<String, com.fasterxml.jackson.databind.JsonNode> cms = ResourceFiles.configMaps(List.of(EXAMPLES.resolve("paying-tenants.yaml")));
        Segmentation seg = ResourceFiles.segmentation(EXAMPLES.resolve("segmentation.yaml"), cms);
        assertThat(seg.names()).containsExactly("internal", "free", "paying", "enterprise", "everyone-else");
        assertThat(seg.segmentOf("acme")).contains("paying");
        assertThat(seg.segmentOf("globex")).contains("enterprise");
        assertThat(seg.segmentOf("somebody-new")).contains("everyone-else");

        ServiceLevelObjective slo = ResourceFiles.slo(EXAMPLES.resolve("slo.yaml"), ResourceFiles.tenantLabel(EXAMPLES.resolve("segmentation.yaml")));
        assertThat(slo.window()).isEqualTo(Duration.ofDays(30));
        assertThat(slo.indicators()).extracting(Indicator::name).containsExactly("availability", "latency");
        assertThat(slo.indicators().get(1).form()).isEqualTo(new Indicator.Latency("http_request_duration_seconds_bucket{job=\"checkout\"}", "0.3"));
        assertThat(slo.burnRateWindows()).hasSize(3);
        assertThat(slo.tenantLabel()).isEqualTo("tenant");
    }

    @Test
    void readsTheRolloutsAnalysisBlock() {
        ResourceFiles.RolloutAnalysis a = ResourceFiles.rolloutAnalysis(EXAMPLES.resolve("rollout-route.yaml"), JudgeConfig.defaults());
        assertThat(a.interval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(a.judge().minSamples()).isEqualTo(200);
        assertThat(a.judge().minRegression().absolutePoints()).isEqualTo(0.5);
        assertThat(a.judge().minRegression().relative()).isEqualTo(1.5);
    }

    @Test
    void tenantTestsAreOnUnlessTheRolloutTurnsThemOffAndOnlyABooleanIsTaken(@TempDir Path dir) throws Exception {
        assertThat(ResourceFiles.rolloutAnalysis(EXAMPLES.resolve("rollout-route.yaml"), JudgeConfig.defaults()).judge()
                .tenantTests()).isTrue();
        Path off = dir.resolve("off.yaml");
        Files.writeString(off, """
                kind: Rollout
                metadata: {name: x}
                spec:
                  analysis: {tenantTests: false}
                """);
        assertThat(ResourceFiles.rolloutAnalysis(off, JudgeConfig.defaults()).judge().tenantTests()).isFalse();
        Path text = dir.resolve("text.yaml");
        Files.writeString(text, """
                kind: Rollout
                metadata: {name: x}
                spec:
                  analysis: {tenantTests: "no"}
                """);
        assertThatThrownBy(() -> ResourceFiles.rolloutAnalysis(text, JudgeConfig.defaults()))
                .hasMessageContaining("spec.analysis.tenantTests: true or false, got \"no\"");
    }

    @Test
    void aConfigMapThatWasNotGivenIsNamedWithItsFieldPath() {
        assertThatThrownBy(() -> ResourceFiles.segmentation(EXAMPLES.resolve("segmentation.yaml"), Map.of()))
                .hasMessageContaining("spec.segments[2].tenantsFrom: ConfigMap 'paying-tenants' was not given");
    }

    @Test
    void anIndicatorWithoutAFormIsRejectedWithItsPath(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("slo.yaml");
        Files.writeString(file, """
                kind: ServiceLevelObjective
                metadata: {name: x}
                spec:
                  indicators:
                    - name: a
                      objective: 99.9
                """);
        assertThatThrownBy(() -> ResourceFiles.slo(file, "tenant"))
                .hasMessageEndingWith("spec.indicators[0]: set exactly one of events, latency or raw");
    }
}
