package dev.bulkhead.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SafeMetricsTest {

    private static final ResourceID ID = new ResourceID("checkout", "shop");

    /** Records the way JOSDK 5.3's MicrometerMetricsV2 does for a timer event: the same name, one tag key fewer. */
    private static Metrics registeringMismatchedTags(PrometheusMeterRegistry registry) {
        return new Metrics() {
            @Override
            public void eventReceived(Event event, Map<String, Object> metadata) {
                Counter.builder("events_received").tag("controller_name", "rollout").tag("event", "Event").register(registry)
                        .increment();
            }
        };
    }

    @Test
    void aMetricThePrometheusRegistryRefusesNeverStopsEventHandling() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.throwExceptionOnRegistrationFailure();
        Counter.builder("events_received").tag("action", "ADDED").tag("controller_name", "rollout").tag("event", "ResourceEvent")
                .register(registry).increment();
        Metrics josdkLike = registeringMismatchedTags(registry);

        assertThatCode(() -> josdkLike.eventReceived(new Event(ID), Map.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatCode(() -> new SafeMetrics(josdkLike).eventReceived(new Event(ID), Map.of())).doesNotThrowAnyException();
        assertThat(registry.get("events_received").tag("action", "ADDED").counter().count()).isEqualTo(1.0);
    }
}
