package dev.bulkhead.operator.metrics;

import dev.bulkhead.analysis.source.MetricSource;
import dev.bulkhead.analysis.source.MetricSourceException;
import dev.bulkhead.operator.release.flag.unleash.UnleashCallListener;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import dev.bulkhead.analysis.source.QueryResult;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * Latency and outcome of the operator's calls to its two dependencies, so a slow or failing Prometheus or Unleash
 * shows on a dashboard before it shows as paused rollouts: {@code bulkhead_prometheus_query_seconds{outcome}} and
 * {@code bulkhead_unleash_call_seconds{operation,status}}. Tags are low-cardinality: no query text, flag or tenant.
 */
public final class CallMetrics {

    private final MeterRegistry registry;

    public CallMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** A metric source that times every query and counts failures by kind. */
    public MetricSource timed(MetricSource source) {
        return new MetricSource() {
            @Override
            public QueryResult query(String promql, Instant time) {
                return timed(() -> source.query(promql, time));
            }

            @Override
            public QueryResult query(String promql, Instant time, Duration within) {
                return timed(() -> source.query(promql, time, within));
            }
        };
    }

    private QueryResult timed(Supplier<QueryResult> query) {
        long start = System.nanoTime();
        String outcome = "ok";
        try {
            return query.get();
        } catch (MetricSourceException e) {
            outcome = e.kind().name().toLowerCase(java.util.Locale.ROOT);
            throw e;
        } catch (RuntimeException e) {
            outcome = "error";
            throw e;
        } finally {
            Timer.builder("bulkhead_prometheus_query_seconds").description("Prometheus queries of the analysis")
                    .tag("outcome", outcome).register(registry).record(Duration.ofNanos(System.nanoTime() - start));
        }
    }

    /** A listener for the Unleash flag store's calls. */
    public UnleashCallListener unleash() {
        return (operation, status, elapsed) -> Timer.builder("bulkhead_unleash_call_seconds")
                .description("Unleash Admin API calls of the flag store")
                .tag("operation", operation).tag("status", status == 0 ? "unreachable" : Integer.toString(status))
                .register(registry).record(elapsed);
    }
}
