package dev.bulkhead.testbed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestbedExtension.class)
class PrometheusIT {

    /** 2026-01-01T00:00:00Z: backfilled data works at any fixed time. */
    private static final long T0 = 1_767_225_600L;

    @Test
    void backfilledSeriesAreQueriedAtAnExplicitTime() {
        StringBuilder openMetrics = new StringBuilder("""
                # HELP http_requests Requests served.
                # TYPE http_requests counter
                """);
        // Ten minutes, one sample every 15 s: tenant acme fails 1 request in 10, tenant globex never.
        for (int i = 0; i <= 40; i++) {
            long t = T0 + i * 15L;
            openMetrics.append("http_requests_total{tenant=\"acme\",code=\"200\"} ").append(i * 9).append(' ').append(t).append('\n');
            openMetrics.append("http_requests_total{tenant=\"acme\",code=\"500\"} ").append(i).append(' ').append(t).append('\n');
            openMetrics.append("http_requests_total{tenant=\"globex\",code=\"200\"} ").append(i * 10).append(' ').append(t).append('\n');
        }
        openMetrics.append("# EOF\n");

        try (Prometheus prometheus = Prometheus.withOpenMetrics(openMetrics.toString())) {
            List<Prometheus.Sample> errorRatio = prometheus.query("""
                    sum by (tenant) (rate(http_requests_total{code="500"}[5m]))
                      / sum by (tenant) (rate(http_requests_total[5m]))""", Instant.ofEpochSecond(T0 + 600));

            assertThat(errorRatio).singleElement().satisfies(sample -> {
                assertThat(sample.labels()).containsEntry("tenant", "acme");
                assertThat(sample.value()).isCloseTo(0.1, org.assertj.core.data.Offset.offset(1e-9));
            });
            assertThat(prometheus.query("sum(http_requests_total)", Instant.ofEpochSecond(T0 + 600)))
                    .singleElement().extracting(Prometheus.Sample::value).isEqualTo(800.0);
            assertThat(prometheus.query("sum(http_requests_total)", Instant.ofEpochSecond(T0 - 3600))).isEmpty();
        }
    }

    @Test
    void sharedPrometheusScrapesTargetsDroppedIntoItsConfigDir(Prometheus prometheus) throws Exception {
        // Prometheus scraping itself: a target file in targets/ is picked up without a reload.
        Files.writeString(prometheus.configDir().resolve("targets").resolve("self.yml"), """
                - targets: ['%s']
                  labels: {job: self}
                """.formatted(prometheus.baseUrl().getAuthority()));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(prometheus.query("up{job=\"self\"}"))
                .singleElement().extracting(Prometheus.Sample::value).isEqualTo(1.0));
    }
}
