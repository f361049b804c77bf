package dev.bulkhead.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.bulkhead.analysis.judge.ArmCounts;
import dev.bulkhead.analysis.judge.IndicatorVerdict;
import dev.bulkhead.analysis.judge.JudgeConfig;
import dev.bulkhead.analysis.judge.Verdict;
import dev.bulkhead.analysis.model.Indicator;
import dev.bulkhead.analysis.model.ServiceLevelObjective;
import dev.bulkhead.analysis.model.Segmentation;
import dev.bulkhead.analysis.slo.IndicatorBudget;
import dev.bulkhead.analysis.slo.SloReport;
import dev.bulkhead.analysis.source.MetricSourceException;
import dev.bulkhead.analysis.source.prometheus.PrometheusClient;
import dev.bulkhead.analysis.source.prometheus.PrometheusConfig;
import dev.bulkhead.testbed.Prometheus;
import dev.bulkhead.testbed.TestbedExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The analysis against a real Prometheus holding one hour of deterministic traffic: tenants p1 and p2 of the paying
 * segment run the canary (v2) with 5% and 3% errors, every other tenant runs at 0.1% errors, canary or stable.
 */
@ExtendWith(TestbedExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SegmentAnalyzerIT {

    /** 2026-01-01T00:00:00Z. */
    static final long T0 = 1_767_225_600L;
    /** One hour of scrapes. */
    static final int SCRAPES = 240;
    static final Instant END = Instant.ofEpochSecond(T0 + SCRAPES * 15L);

    static final Segmentation SEGMENTS = Segmentation.of(segments());
    static final Indicator AVAILABILITY = new Indicator("availability", 99.9, new Indicator.Events(
            "http_requests_total{job=\"checkout\", code=~\"5..\"}", "http_requests_total{job=\"checkout\"}"));
    static final Indicator LATENCY = new Indicator("latency", 99, new Indicator.Latency(
            "http_request_duration_seconds_bucket{job=\"checkout\"}", "0.3"));
    static final ServiceLevelObjective SLO = ServiceLevelObjective.of("checkout", List.of(AVAILABILITY, LATENCY));

    private Prometheus prometheus;
    private SegmentAnalyzer analyzer;
    private PrometheusClient client;

    private static Map<String, Set<String>> segments() {
        Map<String, Set<String>> m = new LinkedHashMap<>();
        m.put("internal", Set.of("staff"));
        m.put("free", Set.of("f1", "f2", "f3", "f4"));
        m.put("paying", Set.of("p1", "p2", "p3", "p4"));
        m.put("enterprise", Set.of("e1", "e2"));
        return m;
    }

    static String traffic() {
        return new TenantTraffic()
                .tenant("staff", "v1", 0.001, 0.002)
                .tenant("f1", "v2", 0.001, 0.002).tenant("f2", "v1", 0.001, 0.002)
                .tenant("f3", "v1", 0.001, 0.002).tenant("f4", "v1", 0.001, 0.002)
                .tenant("p1", "v2", 0.05, 0.002).tenant("p2", "v2", 0.03, 0.002)
                .tenant("p3", "v1", 0.001, 0.002).tenant("p4", "v1", 0.001, 0.002)
                .tenant("e1", "v2", 0.001, 0.002).tenant("e2", "v1", 0.001, 0.002)
                .tenant("unknown-tenant", "v1", 0.0, 0.0)
                .openMetrics(T0, SCRAPES);
    }

    @BeforeAll
    void startPrometheus() {
        prometheus = Prometheus.withOpenMetrics(traffic());
        client = new PrometheusClient(PrometheusConfig.of(prometheus.baseUrl()));
        analyzer = new SegmentAnalyzer(client);
    }

    @AfterAll
    void stopPrometheus() {
        if (prometheus != null) {
            prometheus.close();
        }
    }

    private AnalysisRequest tenMinutes() {
        return AnalysisRequest.of(SLO, SEGMENTS, "v2", "v1", END, Duration.ofMinutes(10));
    }

    @Test
    void aRegressionConfinedToOneSegmentFailsThatSegmentOnlyAndNamesItsTenants() {
        SegmentAnalysis analysis = analyzer.analyze(tenMinutes());

        SegmentVerdict paying = analysis.segment("paying").orElseThrow();
        assertThat(paying.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(paying.reason()).isEqualTo("RelevantRegression");
        assertThat(paying.culpritTenants()).containsExactly("p1", "p2");
        assertThat(analysis.segment("free").orElseThrow().verdict()).isIn(Verdict.INCONCLUSIVE, Verdict.PASS);
        assertThat(analysis.segment("enterprise").orElseThrow().verdict()).isIn(Verdict.INCONCLUSIVE, Verdict.PASS);

        // The numbers behind the verdict: 10 minutes = 40 scrapes of 300 requests per tenant.
        IndicatorVerdict availability = paying.indicators().get(0);
        assertThat(availability.evidence().canary().events()).isCloseTo(24_000, within(1e-6));
        assertThat(availability.evidence().canary().bad()).isCloseTo(600 + 360, within(1e-6));
        assertThat(availability.evidence().stable().events()).isCloseTo(24_000, within(1e-6));
        assertThat(availability.evidence().stable().bad()).isBetween(22.0, 26.0);
        assertThat(availability.evidence().failStatistic()).isGreaterThan(availability.evidence().failThreshold());
        // Latency is fine for everyone in paying: 0.2% of requests over 0.3 s on both arms.
        assertThat(paying.indicators().get(1).verdict()).isNotEqualTo(Verdict.FAIL);
        assertThat(paying.indicators().get(1).evidence().canary().bad()).isBetween(46.0, 50.0);
        assertThat(analysis.warnings()).anyMatch(w -> w.contains("unknown-tenant") || w.contains("belong to no segment"));
    }

    @Test
    void judgingOneSegmentKeepsTheRolloutWideSplitOfTheFalseRollbackRate() {
        SegmentAnalysis analysis = analyzer.analyze(tenMinutes().withSegments(List.of("paying")));

        assertThat(analysis.segments()).extracting(SegmentVerdict::segment).containsExactly("paying");
        // 1% over 4 segments of the Segmentation x 2 indicators, even though only one segment is judged yet, and half of
        // each share for the segment's own test (the other half is its tenants').
        assertThat(analysis.segments().get(0).indicators().get(0).evidence().alpha()).isCloseTo(0.01 / 8 / 2 * 3 / 4, within(1e-15));
        assertThat(analysis.state().tests()).hasSize(2);
    }

    @Test
    void anAaSegmentPassesAfterTheBake() {
        SegmentAnalysis analysis = analyzer.analyze(tenMinutes().withBakeComplete(true));

        assertThat(analysis.segment("free").orElseThrow().verdict()).isEqualTo(Verdict.PASS);
        assertThat(analysis.segment("enterprise").orElseThrow().verdict()).isEqualTo(Verdict.PASS);
        assertThat(analysis.segment("paying").orElseThrow().verdict()).isEqualTo(Verdict.FAIL);
    }

    @Test
    void aSegmentPassesOnEvidenceWhetherOrNotItsBakeIsOver() {
        AnalysisRequest first = tenMinutes();
        AnalysisRequest onlyFree = new AnalysisRequest(first.slo(), first.segmentation(), first.segments(), "v2", "v1",
                first.judge(), first.evaluationTime(), first.interval(), Set.of("free"), false, null);

        SegmentAnalysis analysis = analyzer.analyze(onlyFree);

        assertThat(analysis.segment("free").orElseThrow().verdict()).isEqualTo(Verdict.PASS);
        // The bake is a minimum duration the engine enforces, never a reason to pass or to hold evidence back.
        assertThat(analysis.segment("enterprise").orElseThrow().verdict()).isEqualTo(Verdict.PASS);
        assertThat(analysis.segment("enterprise").orElseThrow().reason()).isIn("RelevantRegressionExcluded",
                "RegressionBelowRelevantSize");
    }

    @Test
    void aSegmentWithoutCanarySeriesHasNoData() {
        SegmentAnalysis analysis = analyzer.analyze(tenMinutes().withBakeComplete(true));

        SegmentVerdict internal = analysis.segment("internal").orElseThrow();
        assertThat(internal.verdict()).isEqualTo(Verdict.NO_DATA);
        assertThat(internal.reason()).isEqualTo("NoCanaryTraffic");
    }

    @Test
    void aVersionWithoutSeriesOrATimeWithoutDataGivesNoDataEverywhere() {
        SegmentAnalysis unknownVersion = analyzer.analyze(AnalysisRequest.of(SLO, SEGMENTS, "v3", "v1", END, Duration.ofMinutes(10))
                .withBakeComplete(true));
        assertThat(unknownVersion.segments()).allSatisfy(s -> assertThat(s.verdict()).isEqualTo(Verdict.NO_DATA));

        SegmentAnalysis beforeData = analyzer.analyze(AnalysisRequest.of(SLO, SEGMENTS, "v2", "v1",
                Instant.ofEpochSecond(T0 - 3600), Duration.ofMinutes(10)).withBakeComplete(true));
        assertThat(beforeData.segments()).allSatisfy(s -> assertThat(s.verdict()).isEqualTo(Verdict.NO_DATA));
    }

    @Test
    void badPromqlGivesPrometheusOwnMessage() {
        Indicator broken = new Indicator("custom", 99.5, new Indicator.Raw(
                "sum by (tenant, version) (increase(http_requests_total{code=~\"5..\"}[{{.window}}])",
                "sum by (tenant, version) (increase(http_requests_total[{{.window}}]))"));
        ServiceLevelObjective slo = ServiceLevelObjective.of("broken", List.of(broken));

        SegmentAnalysis analysis = analyzer.analyze(AnalysisRequest.of(slo, SEGMENTS, "v2", "v1", END, Duration.ofMinutes(10)));

        assertThat(analysis.segments()).allSatisfy(s -> {
            assertThat(s.verdict()).isEqualTo(Verdict.ERROR);
            assertThat(s.reason()).isEqualTo("QueryRejected");
            assertThat(s.message()).contains("parse error");
        });
        MetricSourceException direct = org.junit.jupiter.api.Assertions.assertThrows(MetricSourceException.class,
                () -> client.query("sum(rate(http_requests_total[5m])", END));
        assertThat(direct.kind()).isEqualTo(MetricSourceException.Kind.REJECTED);
        assertThat(direct.getMessage()).contains("bad_data").contains("parse error");
    }

    @Test
    void aRawIndicatorJudgesLikeTheEventsForm() {
        Indicator raw = new Indicator("custom", 99.9, new Indicator.Raw(
                "sum by (tenant, version) (increase(http_requests_total{code=~\"5..\"}[{{.window}}]))",
                "sum by (tenant, version) (increase(http_requests_total[{{.window}}]))"));
        SegmentAnalysis analysis = analyzer.analyze(AnalysisRequest.of(ServiceLevelObjective.of("raw", List.of(raw)), SEGMENTS,
                "v2", "v1", END, Duration.ofMinutes(10)));
        assertThat(analysis.segment("paying").orElseThrow().verdict()).isEqualTo(Verdict.FAIL);
        assertThat(analysis.segment("paying").orElseThrow().indicators().get(0).evidence().canary())
                .isEqualTo(new ArmCounts(24_000, 960));
    }

    @Test
    void aLatencyThresholdThatIsNoBucketIsAnError() {
        Indicator wrongLe = new Indicator("latency", 99, new Indicator.Latency(
                "http_request_duration_seconds_bucket{job=\"checkout\"}", "0.25"));
        SegmentAnalysis analysis = analyzer.analyze(AnalysisRequest.of(ServiceLevelObjective.of("le", List.of(wrongLe)),
                SEGMENTS, "v2", "v1", END, Duration.ofMinutes(10)));
        assertThat(analysis.segments()).allSatisfy(s -> {
            assertThat(s.verdict()).isEqualTo(Verdict.ERROR);
            assertThat(s.reason()).isEqualTo("BucketNotFound");
        });
    }

    @Test
    void samplesOlderThanTheBoundAreStaleData() {
        // Four minutes after the last scrape: still inside Prometheus' 5-minute lookback, beyond a 2-minute bound.
        AnalysisRequest late = AnalysisRequest.of(SLO, SEGMENTS, "v2", "v1", END.plusSeconds(240), Duration.ofMinutes(10))
                .withJudge(JudgeConfig.defaults().withMaxStaleness(Duration.ofMinutes(2)));
        SegmentAnalysis analysis = analyzer.analyze(late);
        assertThat(analysis.segment("paying").orElseThrow().verdict()).isEqualTo(Verdict.ERROR);
        assertThat(analysis.segment("paying").orElseThrow().reason()).isEqualTo("StaleData");
    }

    @Test
    void looksTileTheTimelineAndAccumulateEvidence() {
        Instant first = END.minus(Duration.ofMinutes(10));
        AnalysisRequest request = AnalysisRequest.of(SLO, SEGMENTS, "v2", "v1", first, Duration.ofMinutes(5));
        SegmentAnalysis one = analyzer.analyze(request);
        SegmentAnalysis two = analyzer.analyze(request.next(first.plus(Duration.ofMinutes(5)), one.state()));
        SegmentAnalysis three = analyzer.analyze(request.next(END, two.state()));

        assertThat(three.windowStart()).isEqualTo(first.plus(Duration.ofMinutes(5)));
        assertThat(three.state().startedAt()).isEqualTo(first.minus(Duration.ofMinutes(5)));
        IndicatorVerdict free = three.segment("free").orElseThrow().indicators().get(0);
        assertThat(free.evidence().looks()).isEqualTo(3);
        // Three 5-minute looks: 60 scrapes of 300 requests for the one canary tenant of free.
        assertThat(free.evidence().canary().events()).isCloseTo(18_000, within(1.0));
        // Culprits of the failing segment cover the whole analysis (15 minutes), not only the last look.
        SegmentVerdict paying = three.segment("paying").orElseThrow();
        assertThat(paying.culprits().get(0).tenant()).isEqualTo("p1");
        assertThat(paying.culprits().get(0).canaryEvents()).isCloseTo(18_000, within(1.0));
    }

    @Test
    void burnRatesPerSegmentAndForTheCanarysOwnTraffic() {
        SloReport report = analyzer.evaluateSlo(SLO, SEGMENTS, List.of(), END, "v2");

        IndicatorBudget paying = report.segments().stream().filter(s -> s.segment().equals("paying")).findFirst().orElseThrow()
                .indicators().stream().filter(i -> i.indicator().equals("availability") && i.scope().equals("segment"))
                .findFirst().orElseThrow();
        // One hour of paying traffic: (5% + 3% + 0.1% + 0.1%) / 4 = 2.05% errors against 0.1% allowed: 20.5x.
        assertThat(paying.alerts().get(0).longBurnRate()).isCloseTo(20.5, within(0.1));
        assertThat(paying.alerts().get(0).firing()).isTrue();
        assertThat(paying.exhausted()).isTrue();
        IndicatorBudget payingCanary = report.segments().stream().filter(s -> s.segment().equals("paying")).findFirst().orElseThrow()
                .indicators().stream().filter(i -> i.indicator().equals("availability") && i.scope().equals("canary"))
                .findFirst().orElseThrow();
        assertThat(payingCanary.alerts().get(0).longBurnRate()).isCloseTo(40.0, within(0.1));
        IndicatorBudget free = report.segments().stream().filter(s -> s.segment().equals("free")).findFirst().orElseThrow()
                .indicators().get(0);
        assertThat(free.alerts().get(0).longBurnRate()).isCloseTo(1.0, within(0.05));
        assertThat(free.alerts().get(0).firing()).isFalse();
    }
}
