package dev.bulkhead.analysis.source.prometheus;

import dev.bulkhead.analysis.source.MetricSource;
import dev.bulkhead.analysis.source.MetricSourceContract;
import dev.bulkhead.testbed.Prometheus;
import dev.bulkhead.testbed.TestbedExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
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
}
