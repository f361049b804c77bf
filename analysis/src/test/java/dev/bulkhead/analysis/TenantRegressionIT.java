package dev.bulkhead.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.bulkhead.analysis.judge.Evidence;
import dev.bulkhead.analysis.judge.TenantRegression;
import dev.bulkhead.analysis.judge.Verdict;
import dev.bulkhead.analysis.judge.VerdictReasons;
import dev.bulkhead.analysis.model.Segmentation;
import dev.bulkhead.analysis.model.ServiceLevelObjective;
import dev.bulkhead.analysis.source.prometheus.PrometheusClient;
import dev.bulkhead.analysis.source.prometheus.PrometheusConfig;
import dev.bulkhead.testbed.Prometheus;
import dev.bulkhead.testbed.TestbedExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A regression confined to one tenant, on a real Prometheus: the paying segment has 20 canary and 20 stable tenants of
 * equal size at 0.1% errors, except one canary tenant at 5%. The segment's canary rate is 0.345% against 0.1%, under
 * the +0.5-point minimum regression, so the segment's own test alone would not fail it; the tenant's own test does.
 * A second segment, free, has the same shape with every tenant at 0.1% and must not fail.
 */
@ExtendWith(TestbedExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TenantRegressionIT {

    /** 20 minutes of scrapes from the same start as {@link SegmentAnalyzerIT}. */
    static final int SCRAPES = 80;
    static final Instant END = Instant.ofEpochSecond(SegmentAnalyzerIT.T0 + SCRAPES * 15L);
    static final ServiceLevelObjective SLO = ServiceLevelObjective.of("checkout", List.of(SegmentAnalyzerIT.AVAILABILITY));

    private final Map<String, Set<String>> segments = new LinkedHashMap<>();
    private Prometheus prometheus;
    private SegmentAnalyzer analyzer;

    @BeforeAll
    void startPrometheus() {
        TenantTraffic traffic = new TenantTraffic();
        for (String segment : List.of("free", "paying")) {
            Set<String> tenants = new LinkedHashSet<>();
            for (int i = 0; i < 40; i++) {
                String tenant = segment + "-" + i;
                boolean canary = i < 20;
                double errors = segment.equals("paying") && i == 7 ? 0.05 : 0.001;
                traffic.tenant(tenant, canary ? "v2" : "v1", errors, 0.0);
                tenants.add(tenant);
            }
            segments.put(segment, tenants);
        }
        prometheus = Prometheus.withOpenMetrics(traffic.openMetrics(SegmentAnalyzerIT.T0, SCRAPES));
        analyzer = new SegmentAnalyzer(new PrometheusClient(PrometheusConfig.of(prometheus.baseUrl())));
    }

    @AfterAll
    void stopPrometheus() {
        if (prometheus != null) {
            prometheus.close();
        }
    }

    @Test
    void oneHurtTenantFailsItsSegmentThoughTheSegmentsRateIsUnderTheMinimumRegression() {
        SegmentAnalysis analysis = analyzer.analyze(AnalysisRequest.of(SLO, Segmentation.of(segments), "v2", "v1", END,
                Duration.ofMinutes(10)));

        SegmentVerdict paying = analysis.segment("paying").orElseThrow();
        assertThat(paying.verdict()).as(paying.message()).isEqualTo(Verdict.FAIL);
        assertThat(paying.reason()).isEqualTo(VerdictReasons.TENANT_REGRESSION);
        assertThat(paying.culpritTenants()).containsExactly("paying-7");
        Evidence evidence = paying.indicators().get(0).evidence();
        // 10 minutes = 40 scrapes of 300 requests per tenant: 20 canary tenants, one of them failing 600 times.
        assertThat(evidence.canary().events()).isCloseTo(240_000, within(1e-6));
        assertThat(evidence.canary().bad()).isCloseTo(19 * 12 + 600, within(1e-6));
        assertThat(evidence.canaryRate() - evidence.stableRate()).as("under the +0.5-point minimum").isLessThan(0.005);
        assertThat(evidence.tenantRegressions()).extracting(TenantRegression::tenant).containsExactly("paying-7");
        TenantRegression hurt = evidence.tenantRegressions().get(0);
        assertThat(hurt.events()).isCloseTo(12_000, within(1e-6));
        assertThat(hurt.bad()).isCloseTo(600, within(1e-6));
        assertThat(hurt.baselineRate()).as("an upper bound of stable's rate").isGreaterThan(hurt.stableRate());
        assertThat(hurt.statistic()).isGreaterThanOrEqualTo(hurt.threshold());
        assertThat(paying.message()).contains("paying-7");
    }

    @Test
    void aSegmentWhoseCanaryTenantsAreAllHealthyIsNotFailedByThem() {
        SegmentAnalysis analysis = analyzer.analyze(AnalysisRequest.of(SLO, Segmentation.of(segments), "v2", "v1", END,
                Duration.ofMinutes(10)).withBakeComplete(true));

        SegmentVerdict free = analysis.segment("free").orElseThrow();
        assertThat(free.verdict()).as(free.message()).isEqualTo(Verdict.PASS);
        assertThat(free.indicators().get(0).evidence().tenantRegressions()).isEmpty();
    }
}
