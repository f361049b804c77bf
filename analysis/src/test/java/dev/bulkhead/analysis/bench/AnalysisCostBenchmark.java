package dev.bulkhead.analysis.bench;

import dev.bulkhead.analysis.AnalysisRequest;
import dev.bulkhead.analysis.SegmentAnalysis;
import dev.bulkhead.analysis.SegmentAnalyzer;
import dev.bulkhead.analysis.cli.AnalyzeCommand;
import dev.bulkhead.analysis.model.Indicator;
import dev.bulkhead.analysis.model.ServiceLevelObjective;
import dev.bulkhead.analysis.model.Segmentation;
import dev.bulkhead.analysis.query.SliQuery;
import dev.bulkhead.analysis.source.MetricSource;
import dev.bulkhead.analysis.source.QueryResult;
import dev.bulkhead.analysis.source.Sample;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The {@code analysis} cost benchmark: CPU time of one look of {@link SegmentAnalyzer#analyze} once the answers are
 * in memory (folding tenants into segments, the sequential judge, the culprit ranking of a failing segment), and the
 * size of the state the operator keeps in the Rollout status. Prometheus' own query time is not measured here: the
 * source hands back prepared answers, so the figures isolate Bulkhead's share of a look.
 * {@code ./mvnw -B -pl analysis test-compile exec:java -Pdetection -Dbench.main=dev.bulkhead.analysis.bench.AnalysisCostBenchmark}
 */
public final class AnalysisCostBenchmark {

    private static final Instant AT = Instant.parse("2026-11-23T10:00:00Z");

    public static void main(String[] args) throws Exception {
        System.out.println("| tenants | segments | indicators | look (ms, median of 30 after 20 warm-up) | state JSON (bytes) |");
        System.out.println("| --- | --- | --- | --- | --- |");
        int[] tenantCounts = {1_000, 10_000, 100_000};
        int[] segmentCounts = {4, 16};
        if (args.length == 2) { // --tenants/--segments of one configuration: "N S"
            tenantCounts = new int[] {Integer.parseInt(args[0])};
            segmentCounts = new int[] {Integer.parseInt(args[1])};
        }
        for (int tenants : tenantCounts) {
            for (int segments : segmentCounts) {
                run(tenants, segments);
            }
        }
    }

    private static void run(int tenants, int segmentCount) throws Exception {
        Map<String, Set<String>> bySegment = new LinkedHashMap<>();
        for (int s = 0; s < segmentCount; s++) {
            bySegment.put("segment-" + s, new java.util.HashSet<>());
        }
        for (int t = 0; t < tenants; t++) {
            bySegment.get("segment-" + (t % segmentCount)).add("tenant-" + t);
        }
        Segmentation segmentation = Segmentation.of(bySegment);
        List<Indicator> indicators = List.of(
                new Indicator("availability", 99.9, new Indicator.Events("http_requests_total{code=~\"5..\"}", "http_requests_total")),
                new Indicator("latency", 99, new Indicator.Latency("http_request_duration_seconds_bucket", "0.3")));
        ServiceLevelObjective slo = ServiceLevelObjective.of("bench", indicators);
        MetricSource source = prepared(tenants, slo);
        SegmentAnalyzer analyzer = new SegmentAnalyzer(source);
        AnalysisRequest request = AnalysisRequest.of(slo, segmentation, "v2", "v1", AT, Duration.ofMinutes(1));
        SegmentAnalysis last = null;
        List<Long> nanos = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            long start = System.nanoTime();
            last = analyzer.analyze(request);
            long took = System.nanoTime() - start;
            if (i >= 20) {
                nanos.add(took);
            }
        }
        nanos.sort(Long::compare);
        int bytes = AnalyzeCommand.json().writeValueAsString(last.state()).length();
        System.out.printf(Locale.ROOT, "| %d | %d | %d | %.1f | %d |%n", tenants, segmentCount, indicators.size(),
                nanos.get(nanos.size() / 2) / 1e6, bytes);
    }

    /** Answers as Prometheus would shape them: one sample per tenant, version and part; tenant-0 of each segment regresses. */
    private static MetricSource prepared(int tenants, ServiceLevelObjective slo) {
        SplittableRandom rnd = new SplittableRandom(7);
        Map<String, QueryResult> answers = new HashMap<>();
        for (Indicator indicator : slo.indicators()) {
            List<Sample> samples = new ArrayList<>();
            boolean latency = indicator.form() instanceof Indicator.Latency;
            for (int t = 0; t < tenants; t++) {
                String version = t % 5 == 0 ? "v2" : "v1";
                double total = 50 + rnd.nextInt(500);
                double badShare = t < 16 && version.equals("v2") ? 0.05 : 0.001;
                Map<String, String> labels = Map.of("tenant", "tenant-" + t, "version", version);
                samples.add(sample(labels, SliQuery.TOTAL, total));
                samples.add(sample(labels, latency ? SliQuery.GOOD : SliQuery.BAD,
                        latency ? total * (1 - badShare) : Math.floor(total * badShare)));
            }
            for (String v : List.of("v1", "v2")) {
                samples.add(new Sample(Map.of("version", v, SliQuery.PART_LABEL, SliQuery.LAST_SAMPLE), AT.getEpochSecond() - 10, AT));
            }
            answers.put(indicator.name(), new QueryResult(samples, List.of()));
        }
        return (promql, time) -> answers.get(promql.contains("bucket") ? "latency" : "availability");
    }

    private static Sample sample(Map<String, String> labels, String part, double value) {
        Map<String, String> all = new HashMap<>(labels);
        all.put(SliQuery.PART_LABEL, part);
        return new Sample(all, value, AT);
    }
}
