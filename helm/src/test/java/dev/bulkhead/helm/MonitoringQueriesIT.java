package dev.bulkhead.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulkhead.testbed.Prometheus;
import dev.bulkhead.testbed.TestbedExtension;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every PromQL expression the chart ships, in the Grafana dashboard and in the PrometheusRule, is accepted by the
 * testbed's real Prometheus. Grafana's variables are replaced the way Grafana does before it sends a query: range
 * variables by durations, template variables by the regex of "All".
 */
@ExtendWith(TestbedExtension.class)
class MonitoringQueriesIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> GRAFANA_RANGES = Map.of("$__rate_interval", "1m", "$__range", "6h", "$__interval", "15s");

    @Test
    void everyDashboardQueryParsesOnPrometheus(Prometheus prometheus) throws IOException {
        JsonNode dashboard = JSON.readTree(HelmCli.CHART.resolve("files/grafana/bulkhead.json").toFile());
        List<String> queries = new ArrayList<>();
        dashboard.path("panels").forEach(p -> p.path("targets").forEach(t -> queries.add(t.path("expr").asText())));

        assertThat(queries).hasSizeGreaterThan(15);
        for (String query : queries) {
            String sent = asGrafanaSends(query);
            assertThat(sent).doesNotContain("$");
            assertThatCode(() -> prometheus.query(sent)).as(query).doesNotThrowAnyException();
        }
    }

    @Test
    void everyAlertExpressionParsesOnPrometheus(Prometheus prometheus) {
        List<JsonNode> alerts = ChartTemplateTest.alertRules(
                ChartTemplateTest.render("--set", "prometheusRule.enabled=true").get("PrometheusRule", ChartTemplateTest.FULLNAME));

        assertThat(alerts).hasSizeGreaterThan(5);
        for (JsonNode alert : alerts) {
            String expr = alert.path("expr").asText();
            assertThatCode(() -> prometheus.query(expr)).as(alert.path("alert").asText() + ": " + expr).doesNotThrowAnyException();
        }
    }

    @Test
    void aQueryPrometheusRejectsIsCaught(Prometheus prometheus) {
        // The check above is only worth something if a broken expression fails it.
        assertThatCode(() -> prometheus.query(asGrafanaSends("sum by (segment (bulkhead_rollouts{job=~\"$job\"})")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("parse error");
    }

    static String asGrafanaSends(String query) {
        String sent = query;
        for (Map.Entry<String, String> range : GRAFANA_RANGES.entrySet()) {
            sent = sent.replace(range.getKey(), range.getValue());
        }
        return sent.replaceAll("\\$\\{?[a-zA-Z_]+}?", ".*");
    }
}
