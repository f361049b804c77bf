package dev.bulkhead.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkhead.analysis.judge.Verdict;
import dev.bulkhead.analysis.judge.VerdictReasons;
import dev.bulkhead.analysis.model.Indicator;
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

/** Given a segment where stable fails as often as canary, the analysis calls it an incident, not a bad release. */
@ExtendWith(TestbedExtension.class)
class EnvironmentIncidentIT {

    @Test
    void stableDegradingAsMuchAsCanaryIsAnEnvironmentIncident() {
        String traffic = new TenantTraffic()
                .tenant("a1", "v2", 0.05, 0.002).tenant("a2", "v1", 0.05, 0.002)
                .tenant("b1", "v2", 0.001, 0.002).tenant("b2", "v1", 0.001, 0.002)
                .openMetrics(SegmentAnalyzerIT.T0, SegmentAnalyzerIT.SCRAPES);
        Map<String, Set<String>> segments = new LinkedHashMap<>();
        segments.put("incident", Set.of("a1", "a2"));
        segments.put("calm", Set.of("b1", "b2"));
        ServiceLevelObjective slo = ServiceLevelObjective.of("checkout", List.of(SegmentAnalyzerIT.AVAILABILITY));

        try (Prometheus prometheus = Prometheus.withOpenMetrics(traffic)) {
            SegmentAnalyzer analyzer = new SegmentAnalyzer(new PrometheusClient(PrometheusConfig.of(prometheus.baseUrl())));
            SegmentAnalysis analysis = analyzer.analyze(AnalysisRequest.of(slo, Segmentation.of(segments), "v2", "v1",
                    SegmentAnalyzerIT.END, Duration.ofMinutes(10)).withBakeComplete(true));

            SegmentVerdict incident = analysis.segment("incident").orElseThrow();
            assertThat(incident.verdict()).isEqualTo(Verdict.ENVIRONMENT_INCIDENT);
            assertThat(incident.reason()).isEqualTo(VerdictReasons.STABLE_DEGRADED_TOO);
            assertThat(incident.culprits()).isEmpty();
            assertThat(analysis.segment("calm").orElseThrow().verdict()).isEqualTo(Verdict.PASS);
        }
    }
}
