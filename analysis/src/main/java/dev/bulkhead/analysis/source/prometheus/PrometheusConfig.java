package dev.bulkhead.analysis.source.prometheus;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Where Prometheus is and how patient to be with it.
 *
 * @param baseUrl        for example {@code http://prometheus.monitoring:9090} (a path prefix is kept)
 * @param timeout        per request; also sent to Prometheus as its query {@code timeout}
 * @param maxAttempts    attempts per query, including the first, for transient failures only
 * @param initialBackoff wait before the second attempt; doubles each time up to {@code maxBackoff}
 * @param maxBackoff     upper bound of one wait
 * @param auth           credentials
 */
public record PrometheusConfig(URI baseUrl, Duration timeout, int maxAttempts, Duration initialBackoff,
        Duration maxBackoff, PrometheusAuth auth) {

    public PrometheusConfig {
        Objects.requireNonNull(baseUrl, "baseUrl");
        if (baseUrl.getScheme() == null || !(baseUrl.getScheme().equals("http") || baseUrl.getScheme().equals("https"))) {
            throw new IllegalArgumentException("prometheus url: '" + baseUrl + "' must be an http:// or https:// URL");
        }
        Objects.requireNonNull(timeout, "timeout");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
        }
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        auth = auth == null ? PrometheusAuth.none() : auth;
    }

    /** 30 s timeout, 3 attempts, 500 ms doubling to 5 s, no credentials. */
    public static PrometheusConfig of(URI baseUrl) {
        return new PrometheusConfig(baseUrl, Duration.ofSeconds(30), 3, Duration.ofMillis(500), Duration.ofSeconds(5),
                PrometheusAuth.none());
    }

    public PrometheusConfig withAuth(PrometheusAuth newAuth) {
        return new PrometheusConfig(baseUrl, timeout, maxAttempts, initialBackoff, maxBackoff, newAuth);
    }

    public PrometheusConfig withRetries(int attempts, Duration initial, Duration max) {
        return new PrometheusConfig(baseUrl, timeout, attempts, initial, max, auth);
    }

    public PrometheusConfig withTimeout(Duration newTimeout) {
        return new PrometheusConfig(baseUrl, newTimeout, maxAttempts, initialBackoff, maxBackoff, auth);
    }
}
