package dev.bulkhead.operator.slo;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Deterministic OpenMetrics for the SLO integration test: every tenant serves 300 requests per 15-second scrape with
 * a fixed share of 5xx responses. Cumulative bad counts are floors of {@code k × 300 × share}, so every expected
 * ratio can be worked out by hand.
 */
final class SloTraffic {

    static final int PER_SCRAPE = 300;
    static final int STEP_SECONDS = 15;

    private final Map<String, Double> errorShareByTenant = new LinkedHashMap<>();

    SloTraffic tenant(String tenant, double errorShare) {
        errorShareByTenant.put(tenant, errorShare);
        return this;
    }

    /** Samples every 15 s from {@code start} (Unix seconds), scrapes 0 .. {@code scrapes}. */
    String openMetrics(long start, int scrapes) {
        StringBuilder sb = new StringBuilder("# HELP http_requests Requests served.\n# TYPE http_requests counter\n");
        for (int k = 0; k <= scrapes; k++) {
            long t = start + (long) k * STEP_SECONDS;
            for (Map.Entry<String, Double> e : errorShareByTenant.entrySet()) {
                long total = (long) k * PER_SCRAPE;
                long bad = (long) Math.floor(total * e.getValue() + 1e-9);
                String labels = "job=\"checkout\",tenant=\"" + e.getKey() + "\",version=\"v1\"";
                sb.append(String.format(Locale.ROOT, "http_requests_total{%s,code=\"200\"} %d %d%n", labels, total - bad, t));
                sb.append(String.format(Locale.ROOT, "http_requests_total{%s,code=\"500\"} %d %d%n", labels, bad, t));
            }
        }
        return sb.append("# EOF\n").toString();
    }
}
