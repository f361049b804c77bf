package dev.bulkhead.operator.slo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulkhead.analysis.model.BurnRateWindow;
import dev.bulkhead.analysis.model.Indicator;
import dev.bulkhead.analysis.model.Segmentation;
import dev.bulkhead.analysis.model.ServiceLevelObjective;
import dev.bulkhead.operator.slo.PrometheusRules.Group;
import dev.bulkhead.operator.slo.PrometheusRules.Rule;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The generated rules on Prometheus' own rule engine ({@code promtool test rules}, from the same Debian package the
 * testbed runs): with paying tenants failing 5% of requests, free 0.05% and everyone else none, against 99.9%, both
 * of paying's burn-rate alerts fire and nobody else's does, and the recorded ratios are the expected ones.
 */
class PrometheusRulesIT {

    static final Indicator AVAILABILITY = new Indicator("availability", 99.9, new Indicator.Events(
            "http_requests_total{job=\"checkout\", code=~\"5..\"}", "http_requests_total{job=\"checkout\"}"));
    static final ServiceLevelObjective SLO = new ServiceLevelObjective("checkout", Duration.ofHours(1), "tenant", "version",
            List.of(AVAILABILITY), List.of(
                    new BurnRateWindow(Duration.ofMinutes(30), Duration.ofMinutes(5), 10, "page"),
                    new BurnRateWindow(Duration.ofHours(1), Duration.ofMinutes(15), 2, "ticket")), 0);
    static final Segmentation TIERS = new Segmentation(List.of(
            new Segmentation.Segment("free", Set.of("f1"), false),
            new Segmentation.Segment("paying", Set.of("p1", "p2"), false),
            new Segmentation.Segment("everyone-else", Set.of(), true)));

    @Test
    void onlyTheBurningSegmentsAlertsFireAndTheRecordedRatiosAreExact() throws Exception {
        List<Group> groups = PrometheusRules.groups(SLO, TIERS);
        var owner = new dev.bulkhead.api.v1alpha1.ServiceLevelObjective();
        owner.setMetadata(new ObjectMetaBuilder().withName("checkout").withNamespace("shop").withUid("u").build());
        Object ruleFile = PrometheusRules.desired(owner, groups).getAdditionalProperties().get("spec");

        // 100 minutes of 15-second samples; each tenant serves 300 requests per sample.
        List<Map<String, String>> series = new ArrayList<>();
        Map<String, Double> errorShare = new LinkedHashMap<>();
        errorShare.put("f1", 0.0005);
        errorShare.put("p1", 0.05);
        errorShare.put("p2", 0.05);
        errorShare.put("x1", 0.0);
        errorShare.forEach((tenant, share) -> {
            String labels = "job=\"checkout\",tenant=\"" + tenant + "\",version=\"v1\"";
            BigDecimal bad = BigDecimal.valueOf(300).multiply(BigDecimal.valueOf(share));
            BigDecimal good = BigDecimal.valueOf(300).subtract(bad);
            series.add(Map.of("series", "http_requests_total{" + labels + ",code=\"500\"}", "values", "0+" + plain(bad) + "x400"));
            series.add(Map.of("series", "http_requests_total{" + labels + ",code=\"200\"}", "values", "0+" + plain(good) + "x400"));
        });
        List<Map<String, Object>> expected = new ArrayList<>();
        for (Rule alert : alerts(groups, "paying")) {
            expected.add(Map.of("exp_labels", alert.labels(), "exp_annotations", alert.annotations()));
        }
        assertThat(expected).hasSize(2);
        Map<String, Object> test = new LinkedHashMap<>();
        test.put("interval", "15s");
        test.put("input_series", series);
        test.put("alert_rule_test", List.of(Map.of("eval_time", "90m", "alertname", PrometheusRules.ALERT, "exp_alerts", expected)));
        test.put("promql_expr_test", List.of(
                ratio(groups, "slo:sli_error:ratio_rate5m", "paying", 0.05),
                ratio(groups, "slo:sli_error:ratio_rate1h", "free", 0.0005),
                ratio(groups, "slo:sli_error:ratio_rate30m", "everyone-else", 0)));

        Path dir = Files.createTempDirectory("bulkhead-rules-");
        ObjectMapper json = new ObjectMapper();
        // JSON is YAML: promtool reads it as a rule file and as a test file.
        json.writeValue(dir.resolve("rules.json").toFile(), ruleFile);
        json.writeValue(dir.resolve("test.json").toFile(), Map.of("rule_files", List.of("rules.json"),
                "evaluation_interval", "1m", "tests", List.of(test)));

        Process promtool = new ProcessBuilder(promtool(), "test", "rules", "test.json").directory(dir.toFile())
                .redirectErrorStream(true).start();
        String output = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(promtool.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(promtool.exitValue()).as(output).isZero();
    }

    private static List<Rule> alerts(List<Group> groups, String segment) {
        return groups.stream().flatMap(g -> g.rules().stream())
                .filter(r -> r.alert() != null && segment.equals(r.labels().get(PrometheusRules.SEGMENT_LABEL))).toList();
    }

    private static Rule recording(List<Group> groups, String record, String segment) {
        return groups.stream().flatMap(g -> g.rules().stream())
                .filter(r -> record.equals(r.record()) && segment.equals(r.labels().get(PrometheusRules.SEGMENT_LABEL)))
                .findFirst().orElseThrow();
    }

    /** A promtool expression test: the recorded ratio of {@code segment}, rounded to 1e-6, carries the rule's labels. */
    private static Map<String, Object> ratio(List<Group> groups, String record, String segment, double value) {
        List<String> labels = new ArrayList<>();
        recording(groups, record, segment).labels().forEach((k, v) -> labels.add(k + "=\"" + v + "\""));
        return Map.of("expr", "round(" + record + "{bulkhead_segment=\"" + segment + "\"}, 0.000001)", "eval_time", "90m",
                "exp_samples", List.of(Map.of("labels", "{" + String.join(", ", labels) + "}", "value", value)));
    }

    private static String plain(BigDecimal value) {
        return value.stripTrailingZeros().toPlainString();
    }

    private static String promtool() {
        for (String candidate : List.of("/usr/bin/promtool", "/usr/local/bin/promtool")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        if ("true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("promtool is needed (testbed/setup installs the prometheus package)");
        }
        Assumptions.abort("promtool is not installed (testbed/setup installs the prometheus package)");
        return null;
    }
}
