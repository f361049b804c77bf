package dev.bulkhead.analysis.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulkhead.analysis.model.Indicator;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SliQueryTest {

    @Test
    void eventsQueryGroupsByTenantAndVersionOnce() {
        Indicator i = new Indicator("availability", 99.9,
                new Indicator.Events("http_requests_total{job=\"checkout\", code=~\"5..\"}", "http_requests_total{job=\"checkout\"}"));
        String q = SliQuery.build(i, Duration.ofMinutes(5), "tenant", "version", Set.of("v2", "v1"));
        assertThat(q).isEqualTo("""
                label_replace(sum by (tenant, version) (((last_over_time(http_requests_total{job="checkout", code=~"5..", version=~"v1|v2"}[300s]) - last_over_time(http_requests_total{job="checkout", code=~"5..", version=~"v1|v2"}[900s] offset 300s)) >= 0) or (last_over_time(http_requests_total{job="checkout", code=~"5..", version=~"v1|v2"}[300s]) unless last_over_time(http_requests_total{job="checkout", code=~"5..", version=~"v1|v2"}[900s] offset 300s)) or last_over_time(http_requests_total{job="checkout", code=~"5..", version=~"v1|v2"}[300s])), "bulkhead_part", "bad", "", "")
                or
                label_replace(sum by (tenant, version) (((last_over_time(http_requests_total{job="checkout", version=~"v1|v2"}[300s]) - last_over_time(http_requests_total{job="checkout", version=~"v1|v2"}[900s] offset 300s)) >= 0) or (last_over_time(http_requests_total{job="checkout", version=~"v1|v2"}[300s]) unless last_over_time(http_requests_total{job="checkout", version=~"v1|v2"}[900s] offset 300s)) or last_over_time(http_requests_total{job="checkout", version=~"v1|v2"}[300s])), "bulkhead_part", "total", "", "")
                or
                label_replace(max by (version) (timestamp(http_requests_total{job="checkout", version=~"v1|v2"})), "bulkhead_part", "last_sample", "", "")""");
    }

    @Test
    void latencyCountsGoodRequestsAtTheBucketAndAllAtInfinity() {
        Indicator i = new Indicator("latency", 99, new Indicator.Latency("http_server_requests_seconds_bucket{job=\"checkout\"}", "0.3"));
        String q = SliQuery.build(i, Duration.ofSeconds(90), "customer", "rev", Set.of());
        assertThat(q).contains("sum by (customer, rev) (((last_over_time(http_server_requests_seconds_bucket{job=\"checkout\", le=\"0.3\"}[90s])")
                .doesNotContain("increase(")
                .contains("\"bulkhead_part\", \"good\"")
                .contains("http_server_requests_seconds_bucket{job=\"checkout\", le=\"+Inf\"}[90s]")
                .doesNotContain("=~");
    }

    @Test
    void latencyRejectsAnLeMatcherAndNonBucketSeries() {
        assertThatThrownBy(() -> SliQuery.build(new Indicator("l", 99, new Indicator.Latency("h_bucket{le=\"1\"}", "0.3")),
                Duration.ofMinutes(1), "tenant", "version", Set.of())).hasMessageContaining("indicators[l].latency.histogram");
        assertThatThrownBy(() -> SliQuery.build(new Indicator("l", 99, new Indicator.Latency("h_count", "0.3")),
                Duration.ofMinutes(1), "tenant", "version", Set.of())).hasMessageContaining("_bucket");
    }

    @Test
    void rawSubstitutesTheWindow() {
        Indicator i = new Indicator("custom", 99.5, new Indicator.Raw(
                "sum by (tenant, version) (increase(x_errors_total[{{.window}}]))",
                "sum by (tenant, version) (increase(x_total[{{ .window }}]))"));
        String q = SliQuery.build(i, Duration.ofHours(1), "tenant", "version", Set.of("v1", "v2"));
        assertThat(q).contains("increase(x_errors_total[3600s])").contains("increase(x_total[3600s])")
                .doesNotContain("{{");
    }

    @Test
    void rawWithoutThePlaceholderIsRejected() {
        Indicator i = new Indicator("custom", 99.5, new Indicator.Raw("sum(x[5m])", "sum(y[{{.window}}])"));
        assertThatThrownBy(() -> SliQuery.build(i, Duration.ofHours(1), "tenant", "version", Set.of()))
                .hasMessageStartingWith("indicators[custom].raw.bad: raw PromQL must use {{.window}}");
    }

    @Test
    void versionValuesAreEscapedAsLiterals() {
        Indicator i = new Indicator("a", 99.9, new Indicator.Events("bad_total", "all_total"));
        String q = SliQuery.build(i, Duration.ofMinutes(1), "tenant", "version", Set.of("1.2\"x", "1.1"));
        assertThat(q).contains("version=~\"1\\\\.1|1\\\\.2\\\"x\"");
    }
}
