package dev.bulkhead.traffic;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the run saw, per reporting interval and in total: requests, errors (HTTP 5xx and requests without an answer),
 * arrivals skipped because the concurrency limit was reached, latencies, status codes, and errors per tenant.
 * Thread-safe.
 */
public final class RunStats {

    /** The status of a request that got no HTTP answer (refused connection, timeout). */
    public static final int NO_ANSWER = 0;

    private final AtomicReference<Window> interval = new AtomicReference<>(new Window());
    private final Window total = new Window();
    private final Map<Integer, LongAdder> codes = new ConcurrentHashMap<>();
    private final Map<String, LongAdder[]> tenants = new ConcurrentHashMap<>();

    /** One request answered with {@code code}, or {@link #NO_ANSWER}. */
    public void record(String tenant, int code, long latencyNanos) {
        boolean error = code == NO_ANSWER || code >= 500;
        interval.get().record(error, latencyNanos);
        total.record(error, latencyNanos);
        codes.computeIfAbsent(code, c -> new LongAdder()).increment();
        LongAdder[] perTenant = tenants.computeIfAbsent(tenant, t -> new LongAdder[] {new LongAdder(), new LongAdder()});
        perTenant[0].increment();
        if (error) {
            perTenant[1].increment();
        }
    }

    /** One arrival not sent because {@code --concurrency} requests were already in flight. */
    public void skipped() {
        interval.get().skipped.increment();
        total.skipped.increment();
    }

    /** The interval that just ended; the next one starts empty. */
    public Summary takeInterval(double seconds) {
        return interval.getAndSet(new Window()).summary(seconds);
    }

    /** The whole run so far. */
    public Summary total(double seconds) {
        return total.summary(seconds);
    }

    /** Requests per status code ({@link #NO_ANSWER} for none), by code. */
    public Map<Integer, Long> codes() {
        Map<Integer, Long> sorted = new TreeMap<>();
        codes.forEach((code, n) -> sorted.put(code, n.sum()));
        return sorted;
    }

    /** The tenants with the most errors, most first, at most {@code limit}. */
    public List<TenantErrors> mostErrors(int limit) {
        return tenants.entrySet().stream()
                .map(e -> new TenantErrors(e.getKey(), e.getValue()[0].sum(), e.getValue()[1].sum()))
                .filter(t -> t.errors() > 0)
                .sorted(Comparator.comparingLong(TenantErrors::errors).reversed().thenComparing(TenantErrors::tenant))
                .limit(limit)
                .toList();
    }

    /**
     * Counts of a period.
     *
     * @param seconds  its length
     * @param requests requests that completed (answered or not)
     * @param errors   of which 5xx or no answer
     * @param skipped  arrivals not sent
     * @param p50      median latency, seconds
     * @param p99      99th percentile latency, seconds
     * @param max      longest latency, seconds
     */
    public record Summary(double seconds, long requests, long errors, long skipped, double p50, double p99, double max) {

        public double errorPercent() {
            return requests == 0 ? 0 : 100.0 * errors / requests;
        }

        public double perSecond() {
            return seconds <= 0 ? 0 : requests / seconds;
        }
    }

    /** @param requests all of the tenant's completed requests; @param errors of which errors */
    public record TenantErrors(String tenant, long requests, long errors) {
    }

    private static final class Window {
        final LongAdder errors = new LongAdder();
        final LongAdder skipped = new LongAdder();
        final LatencyHistogram latencies = new LatencyHistogram();

        void record(boolean error, long latencyNanos) {
            latencies.record(latencyNanos);
            if (error) {
                errors.increment();
            }
        }

        Summary summary(double seconds) {
            return new Summary(seconds, latencies.count(), errors.sum(), skipped.sum(), latencies.quantileSeconds(0.5),
                    latencies.quantileSeconds(0.99), latencies.maxSeconds());
        }
    }
}
