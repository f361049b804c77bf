package dev.bulkhead.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkhead.analysis.judge.Verdict;
import dev.bulkhead.analysis.model.ServiceLevelObjective;
import dev.bulkhead.analysis.model.Segmentation;
import dev.bulkhead.analysis.source.prometheus.PrometheusClient;
import dev.bulkhead.analysis.source.prometheus.PrometheusConfig;
import dev.bulkhead.testbed.Prometheus;
import dev.bulkhead.testbed.TestbedExtension;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Given a segment whose every tenant is exposed (no stable traffic of its own), the analysis judges its canary
 * against the other segments' stable tenants in the same window, and says so, instead of waiting forever for data.
 */
@ExtendWith(TestbedExtension.class)
class WholeSegmentExposureIT {

    @Test
    void aWhollyExposedSegmentPassesAgainstOtherSegmentsStableTraffic() {
        SegmentVerdict verdict = judgeWhollyExposed(0.002);

        assertThat(verdict.verdict()).isEqualTo(Verdict.PASS);
        assertThat(verdict.message()).contains("other segments' stable tenants");
    }

    @Test
    void aWhollyExposedSegmentThatRegressesFailsAgainstOtherSegmentsStableTraffic() {
        SegmentVerdict verdict = judgeWhollyExposed(0.05);

        assertThat(verdict.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(verdict.culpritTenants()).containsExactlyInAnyOrder("x1", "x2");
    }

    private static SegmentVerdict judgeWhollyExposed(double canaryErrors) {
        String traffic = new TenantTraffic()
                .tenant("x1", "v2", canaryErrors, 0.002).tenant("x2", "v2", canaryErrors, 0.002)
                .tenant("y1", "v1", 0.002, 0.002).tenant("y2", "v1", 0.002, 0.002)
                .openMetrics(SegmentAnalyzerIT.T0, SegmentAnalyzerIT.SCRAPES);
        Map<String, Set<String>> segments = new LinkedHashMap<>();
        segments.put("exposed", Set.of("x1", "x2"));
        segments.put("waiting", Set.of("y1", "y2"));
        ServiceLevelObjective slo = ServiceLevelObjective.of("checkout", List.of(SegmentAnalyzerIT.AVAILABILITY));
        try (Prometheus prometheus = Prometheus.withOpenMetrics(traffic)) {
            SegmentAnalyzer analyzer = new SegmentAnalyzer(new PrometheusClient(PrometheusConfig.of(prometheus.baseUrl())));
            SegmentAnalysis analysis = analyzer.analyze(AnalysisRequest.of(slo, Segmentation.of(segments), "v2", "v1",
                    SegmentAnalyzerIT.END, Duration.ofMinutes(10)).withSegments(List.of("exposed")).withBakeComplete(true));
            return analysis.segment("exposed").orElseThrow();
        }
    }
}
