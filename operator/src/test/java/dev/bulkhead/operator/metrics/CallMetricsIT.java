package dev.bulkhead.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulkhead.analysis.source.MetricSource;
import dev.bulkhead.analysis.source.MetricSourceException;
import dev.bulkhead.analysis.source.prometheus.PrometheusClient;
import dev.bulkhead.analysis.source.prometheus.PrometheusConfig;
import dev.bulkhead.testbed.Prometheus;
import dev.bulkhead.testbed.TestbedExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestbedExtension.class)
class CallMetricsIT {

    @Test
    void timesPrometheusQueriesByOutcome(Prometheus prometheus) {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        CallMetrics metrics = new CallMetrics(registry);
        MetricSource up = metrics.timed(new PrometheusClient(PrometheusConfig.of(prometheus.baseUrl())));
        MetricSource down = metrics.timed(new PrometheusClient(PrometheusConfig.of(URI.create("http://127.0.0.1:1"))
                .withRetries(1, Duration.ofMillis(10), Duration.ofMillis(10))));

        up.query("vector(1)", Instant.now());
        assertThatThrownBy(() -> down.query("vector(1)", Instant.now())).isInstanceOf(MetricSourceException.class);

        assertThat(registry.get("bulkhead_prometheus_query_seconds").tag("outcome", "ok").timer().count()).isEqualTo(1);
        assertThat(registry.get("bulkhead_prometheus_query_seconds").tag("outcome", "unavailable").timer().count()).isEqualTo(1);
    }

    @Test
    void recordsUnleashCallsByOperationAndStatus() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new CallMetrics(registry).unleash().onCall("strategy.update", 0, Duration.ofMillis(5));

        assertThat(registry.get("bulkhead_unleash_call_seconds").tag("operation", "strategy.update").tag("status", "unreachable")
                .timer().count()).isEqualTo(1);
    }
}
