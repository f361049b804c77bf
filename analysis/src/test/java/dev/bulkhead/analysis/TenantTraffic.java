package dev.bulkhead.analysis;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Deterministic OpenMetrics for the integration tests: every tenant serves 300 requests per 15-second scrape on one
 * version, with a fixed share of 5xx responses and of requests slower than 0.3 s. Cumulative counts are floors
 * of {@code k × 300 × share}, so every expected number can be computed by hand.
 */
final class TenantTraffic {

    static final int PER_SCRAPE = 300;
    static final int STEP_SECONDS = 15;

    /** One tenant: its version, its 5xx share and its share of requests over 0.3 s. */
    record Tenant(String version, double errorShare, double slowShare) {
    }

    private final Map<String, Tenant> tenants = new LinkedHashMap<>();

    TenantTraffic tenant(String name, String version, double errorShare, double slowShare) {
        tenants.put(name, new Tenant(version, errorShare, slowShare));
        return this;
    }

    /** Samples every 15 s from {@code start} for {@code scrapes + 1} scrapes (index 0 .. scrapes). */
    String openMetrics(long start, int scrapes) {
        StringBuilder sb = new StringBuilder("# HELP http_requests Requests served.\n# TYPE http_requests counter\n");
        for (int k = 0; k <= scrapes; k++) {
            long t = start + (long) k * STEP_SECONDS;
            for (Map.Entry<String, Tenant> e : tenants.entrySet()) {
                Tenant x = e.getValue();
                long total = (long) k * PER_SCRAPE;
                long bad = (long) Math.floor(total * x.errorShare() + 1e-9);
                String labels = "job=\"checkout\",tenant=\"" + e.getKey() + "\",version=\"" + x.version() + "\"";
                sb.append(String.format(Locale.ROOT, "http_requests_total{%s,code=\"200\"} %d %d%n", labels, total - bad, t));
                sb.append(String.format(Locale.ROOT, "http_requests_total{%s,code=\"500\"} %d %d%n", labels, bad, t));
            }
        }
        sb.append("# HELP http_request_duration_seconds Request latency.\n# TYPE http_request_duration_seconds histogram\n");
        for (int k = 0; k <= scrapes; k++) {
            long t = start + (long) k * STEP_SECONDS;
            for (Map.Entry<String, Tenant> e : tenants.entrySet()) {
                Tenant x = e.getValue();
                long total = (long) k * PER_SCRAPE;
                long slow = (long) Math.floor(total * x.slowShare() + 1e-9);
                String labels = "job=\"checkout\",tenant=\"" + e.getKey() + "\",version=\"" + x.version() + "\"";
                String h = "http_request_duration_seconds";
                sb.append(String.format(Locale.ROOT, "%s_bucket{%s,le=\"0.1\"} %d %d%n", h, labels, (total - slow) / 2, t));
                sb.append(String.format(Locale.ROOT, "%s_bucket{%s,le=\"0.3\"} %d %d%n", h, labels, total - slow, t));
                sb.append(String.format(Locale.ROOT, "%s_bucket{%s,le=\"+Inf\"} %d %d%n", h, labels, total, t));
                sb.append(String.format(Locale.ROOT, "%s_count{%s} %d %d%n", h, labels, total, t));
                sb.append(String.format(Locale.ROOT, "%s_sum{%s} %d %d%n", h, labels, total / 10, t));
            }
        }
        return sb.append("# EOF\n").toString();
    }
}
