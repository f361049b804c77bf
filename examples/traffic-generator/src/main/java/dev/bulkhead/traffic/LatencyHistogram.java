package dev.bulkhead.traffic;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Latencies in logarithmic buckets 2% wide from 1 µs to about 2 minutes: fixed memory however long the run, and
 * percentiles within 2% (a percentile reports its bucket's upper bound). Thread-safe.
 */
public final class LatencyHistogram {

    private static final double GROWTH = 1.02;
    private static final int BUCKETS = (int) Math.ceil(Math.log(120e6) / Math.log(GROWTH)) + 1;

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);
    private final AtomicLong count = new AtomicLong();
    private final AtomicLong maxNanos = new AtomicLong();

    public void record(long nanos) {
        double micros = Math.max(1, nanos / 1e3);
        int bucket = (int) Math.min(BUCKETS - 1, Math.ceil(Math.log(micros) / Math.log(GROWTH)));
        counts.incrementAndGet(bucket);
        count.incrementAndGet();
        maxNanos.accumulateAndGet(nanos, Math::max);
    }

    public long count() {
        return count.get();
    }

    /** The longest latency recorded, in seconds; 0 when empty. */
    public double maxSeconds() {
        return maxNanos.get() / 1e9;
    }

    /**
     * The latency under which a fraction {@code q} of the recorded ones lie, in seconds (bucket upper bound);
     * 0 when empty.
     */
    public double quantileSeconds(double q) {
        long total = count.get();
        if (total == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(q * total);
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts.get(i);
            if (seen >= Math.max(1, rank)) {
                return Math.min(Math.pow(GROWTH, i) / 1e6, maxSeconds());
            }
        }
        return maxSeconds();
    }
}
