package dev.bulkhead.demo;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;

/**
 * The two meters SLOs select on, labelled {@code tenant}, {@code version}, {@code route} and {@code code}.
 *
 * <p>Micrometer names them {@code http.requests} and {@code http.request.duration}; its Prometheus naming adds the
 * suffixes, so Prometheus scrapes {@code http_requests_total} and {@code http_request_duration_seconds_bucket},
 * {@code _count}, {@code _sum} (plus a {@code _max} gauge). The histogram has exactly the configured buckets and
 * {@code +Inf}: no percentile histogram, whose ~70 generated buckets per series would multiply the tenant cardinality.
 */
public final class RequestMetrics {

    static final String REQUESTS = "http.requests";
    static final String DURATION = "http.request.duration";

    private final MeterRegistry registry;
    private final Duration[] buckets;

    /** @param bucketsSeconds the histogram's upper bounds in seconds */
    public RequestMetrics(MeterRegistry registry, List<Double> bucketsSeconds) {
        this.registry = registry;
        this.buckets = bucketsSeconds.stream().sorted().map(s -> Duration.ofNanos(Math.round(s * 1e9))).toArray(Duration[]::new);
    }

    /** Counts one answered request and records its latency. */
    public void record(String route, String tenant, String version, int code, Duration latency) {
        Tags tags = Tags.of("tenant", tenant, "version", version, "route", route, "code", Integer.toString(code));
        Counter.builder(REQUESTS)
                .description("HTTP requests answered, by tenant, version, route and status code")
                .tags(tags)
                .register(registry)
                .increment();
        Timer.builder(DURATION)
                .description("HTTP request latency, by tenant, version, route and status code")
                .tags(tags)
                .serviceLevelObjectives(buckets)
                .register(registry)
                .record(latency);
    }
}
