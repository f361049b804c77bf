package dev.bulkhead.analysis.source.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkhead.analysis.source.MetricSource;
import dev.bulkhead.analysis.source.MetricSourceContract;
import dev.bulkhead.testbed.Prometheus;
import dev.bulkhead.testbed.TestbedExtension;
import org.junit.jupiter.api.AfterAll;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** The {@link MetricSourceContract} against a real Prometheus from the testbed. */
@ExtendWith(TestbedExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrometheusMetricSourceIT extends MetricSourceContract {

    private Prometheus prometheus;
    private PrometheusClient client;

    @BeforeAll
    void start() {
        prometheus = Prometheus.withOpenMetrics(OPEN_METRICS);
        client = new PrometheusClient(PrometheusConfig.of(prometheus.baseUrl()));
    }

    @AfterAll
    void stop() {
        if (prometheus != null) {
            prometheus.close();
        }
    }

    @Override
    protected MetricSource source() {
        return client;
    }

    @Test
    void rangeQueriesReturnOnePointPerStep() {
        List<PrometheusClient.Series> series = client.queryRange("sum(increase(contract_requests_total[5m]))",
                Instant.ofEpochSecond(T0 + 300), Instant.ofEpochSecond(T0 + 600), Duration.ofMinutes(5));
        assertThat(series).singleElement().satisfies(s -> {
            assertThat(s.points()).extracting(PrometheusClient.Point::time)
                    .containsExactly(Instant.ofEpochSecond(T0 + 300), Instant.ofEpochSecond(T0 + 600));
            assertThat(s.points()).extracting(PrometheusClient.Point::value).containsExactly(300.0, 300.0);
        });
    }
}
