package dev.bulkhead.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.bulkhead.analysis.judge.Evidence;
import dev.bulkhead.analysis.judge.Verdict;
import dev.bulkhead.analysis.model.Segmentation;
import dev.bulkhead.analysis.model.ServiceLevelObjective;
import dev.bulkhead.analysis.source.Sample;
import dev.bulkhead.analysis.source.prometheus.PrometheusClient;
import dev.bulkhead.analysis.source.prometheus.PrometheusConfig;
import dev.bulkhead.testbed.Prometheus;
import dev.bulkhead.testbed.TestbedExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Tenants whose normal error rates differ, through a real Prometheus: 30 minutes on stable (v1), then each segment's
 * canary tenants move to v2, whose series are new (and whose error series appear only at their first error), scraped
 * every 30 s and looked at every minute.
 * <ul>
 *   <li>{@code paying}: the canary tenants are its five worst (2% to 4% normally, the others 0.1% to 0.5%), and v2
 *       serves them exactly as v1 did: an identical release.</li>
 *   <li>{@code free}: the same shape, and v2 serves its canary tenants ten times their normal rate.</li>
 * </ul>
 */
@ExtendWith(TestbedExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HeterogeneousTenantsIT {

    static final long T0 = SegmentAnalyzerIT.T0;
    static final int STEP = 30;
    static final int PER_SCRAPE = 600;
    /** Scrapes on v1 only (30 minutes), then on v1 for the stable tenants and v2 for the canary ones (30 minutes). */
    static final int SWITCH = 60;
    static final int SCRAPES = 120;
    /** Between the last v1 scrape of the canary tenants and their first v2 scrape. */
    static final Instant EXPOSED = Instant.ofEpochSecond(T0 + (SWITCH - 1L) * STEP + STEP / 2);
    static final ServiceLevelObjective SLO = ServiceLevelObjective.of("checkout", List.of(SegmentAnalyzerIT.AVAILABILITY));

    private record Tenant(String name, double normal, boolean canary, double factor) {
    }

    private final List<Tenant> tenants = new ArrayList<>();
    private final Map<String, Set<String>> segments = new LinkedHashMap<>();
    private Prometheus prometheus;
    private PrometheusClient client;

    @BeforeAll
    void startPrometheus() {
        for (String segment : List.of("paying", "free")) {
            Set<String> names = new LinkedHashSet<>();
            for (int i = 0; i < 20; i++) {
                boolean canary = i < 5;
                double normal = canary ? 0.02 + 0.005 * i : 0.001 + 0.0002 * i;
                double factor = canary && segment.equals("free") ? 10 : 1;
                Tenant t = new Tenant(segment + "-" + i, normal, canary, factor);
                tenants.add(t);
                names.add(t.name());
            }
            segments.put(segment, names);
        }
        prometheus = Prometheus.withOpenMetrics(openMetrics());
        client = new PrometheusClient(PrometheusConfig.of(prometheus.baseUrl()));
    }

    @AfterAll
    void stopPrometheus() {
        if (prometheus != null) {
            prometheus.close();
        }
    }

    /**
     * Cumulative requests of a series that started at scrape {@code first}, at scrape {@code last}: bursts of 900 and
     * 300 requests on even and odd scrapes (traffic is never linear, and {@code increase()}'s extrapolation is exact only
     * for linear counters). Errors are floors of a share of them, so every number is known exactly.
     */
    private static long requests(int first, int last) {
        long sum = 0;
        for (int k = first; k <= last; k++) {
            sum += k % 2 == 0 ? PER_SCRAPE + 300 : PER_SCRAPE - 300;
        }
        return sum;
    }

    private static long errors(int first, int last, double rate) {
        return (long) Math.floor(requests(first, last) * rate + 1e-9);
    }

    private String openMetrics() {
        StringBuilder sb = new StringBuilder("# HELP http_requests Requests served.\n# TYPE http_requests counter\n");
        for (int k = 0; k <= SCRAPES; k++) {
            long t = T0 + (long) k * STEP;
            for (Tenant x : tenants) {
                boolean onV2 = x.canary() && k >= SWITCH;
                // A new series for v2 counts from zero: its first sample already holds its first scrape's requests.
                int first = onV2 ? SWITCH : 0;
                double rate = onV2 ? Math.min(1, x.normal() * x.factor()) : x.normal();
                String labels = "job=\"checkout\",tenant=\"" + x.name() + "\",version=\"" + (onV2 ? "v2" : "v1") + "\"";
                long bad = errors(first, k, rate);
                sb.append(String.format(Locale.ROOT, "http_requests_total{%s,code=\"200\"} %d %d%n", labels,
                        requests(first, k) - bad, t));
                if (bad > 0) {
                    // Like a client library's labelled child: the error series exists from the first error on.
                    sb.append(String.format(Locale.ROOT, "http_requests_total{%s,code=\"500\"} %d %d%n", labels, bad, t));
                }
            }
        }
        return sb.append("# EOF\n").toString();
    }

    private AnalysisRequest firstLook(Instant at, Duration history) {
        return AnalysisRequest.of(SLO, Segmentation.of(segments), "v2", "v1", at, Duration.between(EXPOSED, at))
                .withHistory(history, history == null ? null : EXPOSED).withBakeComplete(true);
    }

    /** Looks every minute from two minutes after exposure for {@code minutes}; returns every look's analysis. */
    private List<SegmentAnalysis> looks(int minutes, Duration history) {
        SegmentAnalyzer analyzer = new SegmentAnalyzer(client, new HistoryCache(8));
        List<SegmentAnalysis> out = new ArrayList<>();
        Instant at = EXPOSED.plusSeconds(120);
        AnalysisRequest request = firstLook(at, history);
        for (int m = 0; m < minutes; m++) {
            SegmentAnalysis a = analyzer.analyze(request);
            out.add(a);
            at = at.plusSeconds(60);
            request = request.next(at, a.state());
        }
        return out;
    }

    @Test
    void anIdenticalReleaseOnTheWorstTenantsIsNotFailedWhenEachIsJudgedAgainstItsOwnHistory() {
        List<SegmentAnalysis> looks = looks(20, Duration.ofMinutes(30));
        for (SegmentAnalysis a : looks) {
            SegmentVerdict paying = a.segment("paying").orElseThrow();
            assertThat(paying.verdict()).as(paying.message()).isNotEqualTo(Verdict.FAIL);
        }
        SegmentVerdict last = looks.get(looks.size() - 1).segment("paying").orElseThrow();
        assertThat(last.verdict()).as(last.message()).isEqualTo(Verdict.PASS);
        assertThat(last.message()).contains("5 canary tenants judged against their own history");
    }

    @Test
    void comparedDirectlyWithTheStableTenantsTheSameReleaseFails() {
        // The judge without tenant histories (as before them): the canary's worse tenants look like a regression.
        SegmentVerdict paying = looks(5, null).get(4).segment("paying").orElseThrow();
        assertThat(paying.verdict()).as(paying.message()).isEqualTo(Verdict.FAIL);
    }

    @Test
    void aTenfoldRegressionFailsItsSegmentAndNamesItsTenants() {
        SegmentAnalysis failing = looks(10, Duration.ofMinutes(30)).stream()
                .filter(a -> a.segment("free").orElseThrow().verdict() == Verdict.FAIL).findFirst().orElseThrow();
        SegmentVerdict free = failing.segment("free").orElseThrow();
        assertThat(free.culpritTenants()).isNotEmpty().allMatch(t -> Set.of("free-0", "free-1", "free-2", "free-3", "free-4").contains(t));
        assertThat(failing.segment("paying").orElseThrow().verdict()).isNotEqualTo(Verdict.FAIL);
    }

    @Test
    void countsAreExactAcrossTiledLooksWithNewSeriesAndThirtySecondScrapes() {
        List<SegmentAnalysis> looks = looks(20, Duration.ofMinutes(30));
        Evidence evidence = looks.get(looks.size() - 1).segment("paying").orElseThrow().indicators().get(0).evidence();
        // The last look is at EXPOSED + 21 minutes: v2 scrapes SWITCH .. SWITCH + 41 of each canary tenant.
        int last = SWITCH + 41;
        double bad = 0;
        for (Tenant t : tenants) {
            if (t.canary() && t.name().startsWith("paying")) {
                bad += errors(SWITCH, last, t.normal());
            }
        }
        double events = 5.0 * requests(SWITCH, last);
        assertThat(evidence.canary().events()).isCloseTo(events, within(1e-6));
        assertThat(evidence.canary().bad()).isCloseTo(bad, within(1e-6));
        assertThat(evidence.canaryRate()).isCloseTo(evidence.expectedRate(), within(0.001));
        // increase() over the same tiles neither adds up nor counts the new series' first samples.
        double increase = 0;
        Instant at = EXPOSED.plusSeconds(120);
        for (int m = 0; m < 20; m++) {
            Duration w = m == 0 ? Duration.ofSeconds(120) : Duration.ofSeconds(60);
            increase += client.query("sum(increase(http_requests_total{version=\"v2\",tenant=~\"paying-.*\"}["
                    + w.toSeconds() + "s]))", at).samples().stream().mapToDouble(Sample::value).sum();
            at = at.plusSeconds(60);
        }
        assertThat(Math.abs(increase - events)).isGreaterThan(PER_SCRAPE);
    }
}
