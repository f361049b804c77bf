package dev.bulkhead.operator.slo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkhead.analysis.model.BurnRateWindow;
import dev.bulkhead.analysis.model.Indicator;
import dev.bulkhead.analysis.model.Segmentation;
import dev.bulkhead.analysis.model.ServiceLevelObjective;
import dev.bulkhead.operator.slo.PrometheusRules.Group;
import dev.bulkhead.operator.slo.PrometheusRules.Rule;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PrometheusRulesTest {

    static final Indicator AVAILABILITY = new Indicator("availability", 99.9, new Indicator.Events(
            "http_requests_total{job=\"checkout\", code=~\"5..\"}", "http_requests_total{job=\"checkout\"}"));
    static final Indicator LATENCY = new Indicator("latency", 99, new Indicator.Latency(
            "http_request_duration_seconds_bucket{job=\"checkout\"}", "0.3"));
    static final Indicator RAW = new Indicator("raw", 99.5, new Indicator.Raw(
            "sum by (tenant, version) (increase(errors_total[{{.window}}]))",
            "sum by (tenant, version) (increase(requests_total[{{.window}}]))"));
    static final List<BurnRateWindow> WINDOWS = List.of(
            new BurnRateWindow(Duration.ofHours(1), Duration.ofMinutes(5), 14.4, "page"),
            new BurnRateWindow(Duration.ofHours(6), Duration.ofMinutes(30), 6, "page"),
            new BurnRateWindow(Duration.ofDays(3), Duration.ofHours(6), 1, "ticket"));
    static final Segmentation TIERS = new Segmentation(List.of(
            new Segmentation.Segment("free", Set.of("f2", "f1"), false),
            new Segmentation.Segment("paying", Set.of("p1", "acme.io"), false),
            new Segmentation.Segment("empty", Set.of(), false),
            new Segmentation.Segment("everyone-else", Set.of(), true)));

    static ServiceLevelObjective slo(Indicator... indicators) {
        return new ServiceLevelObjective("checkout", Duration.ofDays(30), "tenant", "version", List.of(indicators), WINDOWS, 0);
    }

    static List<Rule> recordings(List<Group> groups, String record, String segment) {
        return groups.stream().flatMap(g -> g.rules().stream())
                .filter(r -> record.equals(r.record()) && segment.equals(r.labels().get(PrometheusRules.SEGMENT_LABEL))).toList();
    }

    @Test
    void recordsTheSlothErrorRatioFamilyPerSegmentAndWindowWithATenantSelector() {
        List<Group> groups = PrometheusRules.groups(slo(AVAILABILITY), TIERS);

        Rule paying5m = recordings(groups, "slo:sli_error:ratio_rate5m", "paying").get(0);
        assertThat(paying5m.expr()).isEqualTo("""
                (sum(rate(http_requests_total{job="checkout", code=~"5..", tenant=~"acme\\\\.io|p1"}[300s])) or vector(0))
                /
                sum(rate(http_requests_total{job="checkout", tenant=~"acme\\\\.io|p1"}[300s]))""");
        assertThat(paying5m.labels()).containsExactly(Map.entry("sloth_id", "checkout-availability"),
                Map.entry("sloth_service", "checkout"), Map.entry("sloth_slo", "availability"),
                Map.entry("sloth_window", "5m"), Map.entry(PrometheusRules.SEGMENT_LABEL, "paying"));
        // Every window a burn-rate pair names, and the SLO window in its own slower group.
        for (String w : List.of("5m", "30m", "1h", "6h", "3d")) {
            assertThat(recordings(groups, "slo:sli_error:ratio_rate" + w, "free")).hasSize(1);
        }
        Group window = groups.stream().filter(g -> g.name().endsWith("-sli-window")).findFirst().orElseThrow();
        assertThat(window.interval()).isEqualTo("5m");
        assertThat(window.rules()).extracting(Rule::record).containsOnly("slo:sli_error:ratio_rate30d");
        assertThat(recordings(groups, "slo:sli_error:ratio_rate30d", "paying").get(0).expr()).contains("[2592000s]");
    }

    @Test
    void theDefaultSegmentIsEveryTenantNotListedElsewhereAndAnEmptySegmentRecordsNothing() {
        List<Group> groups = PrometheusRules.groups(slo(AVAILABILITY), TIERS);

        assertThat(recordings(groups, "slo:sli_error:ratio_rate5m", "everyone-else").get(0).expr())
                .contains("tenant!~\"acme\\\\.io|f1|f2|p1\"");
        assertThat(recordings(groups, "slo:sli_error:ratio_rate5m", "empty")).isEmpty();
        assertThat(groups.stream().flatMap(g -> g.rules().stream()))
                .noneMatch(r -> "empty".equals(r.labels().get(PrometheusRules.SEGMENT_LABEL)));
    }

    @Test
    void latencyCountsRequestsAboveTheBucketAsBad() {
        Rule free = recordings(PrometheusRules.groups(slo(LATENCY), TIERS), "slo:sli_error:ratio_rate1h", "free").get(0);

        String total = "sum(rate(http_request_duration_seconds_bucket{job=\"checkout\", tenant=~\"f1|f2\", le=\"+Inf\"}[3600s]))";
        String good = "sum(rate(http_request_duration_seconds_bucket{job=\"checkout\", tenant=~\"f1|f2\", le=\"0.3\"}[3600s]))";
        assertThat(free.expr()).isEqualTo("(" + total + " - " + good + ")\n/\n" + total);
    }

    @Test
    void rawPromqlIsFilteredToTheSegmentWithLabelReplace() {
        List<Group> groups = PrometheusRules.groups(slo(RAW), TIERS);

        String paying = recordings(groups, "slo:sli_error:ratio_rate5m", "paying").get(0).expr();
        assertThat(paying).contains("increase(errors_total[300s])")
                .contains("label_replace((sum by (tenant, version) (increase(errors_total[300s]))), \"bulkhead_segment\", \"paying\", \"tenant\", \"acme\\\\.io|p1\")")
                .contains("and on (bulkhead_segment) label_replace(vector(1), \"bulkhead_segment\", \"paying\", \"\", \"\")")
                .doesNotContain("{{.window}}");
        // The default segment: everyone marked first, the listed tenants unmarked again.
        assertThat(recordings(groups, "slo:sli_error:ratio_rate5m", "everyone-else").get(0).expr())
                .contains("\"bulkhead_segment\", \"everyone-else\", \"\", \"\"), \"bulkhead_segment\", \"\", \"tenant\", \"acme\\\\.io|f1|f2|p1\")");
    }

    @Test
    void oneMultiWindowAlertPerSegmentIndicatorAndSeverity() {
        List<Rule> alerts = PrometheusRules.groups(slo(AVAILABILITY), TIERS).stream().flatMap(g -> g.rules().stream())
                .filter(r -> r.alert() != null).toList();

        // free, paying and everyone-else; page and ticket.
        assertThat(alerts).hasSize(6);
        Rule payingPage = alerts.stream().filter(r -> "paying".equals(r.labels().get(PrometheusRules.SEGMENT_LABEL))
                && "page".equals(r.labels().get("severity"))).findFirst().orElseThrow();
        assertThat(payingPage.alert()).isEqualTo(PrometheusRules.ALERT);
        assertThat(payingPage.expr()).isEqualTo("""
                (
                  max without (sloth_window) (slo:sli_error:ratio_rate1h{sloth_id="checkout-availability", bulkhead_segment="paying"} > (14.4 * 0.001))
                  and
                  max without (sloth_window) (slo:sli_error:ratio_rate5m{sloth_id="checkout-availability", bulkhead_segment="paying"} > (14.4 * 0.001))
                )
                or
                (
                  max without (sloth_window) (slo:sli_error:ratio_rate6h{sloth_id="checkout-availability", bulkhead_segment="paying"} > (6 * 0.001))
                  and
                  max without (sloth_window) (slo:sli_error:ratio_rate30m{sloth_id="checkout-availability", bulkhead_segment="paying"} > (6 * 0.001))
                )""");
        assertThat(payingPage.annotations().get("summary")).contains("segment paying");
        Rule payingTicket = alerts.stream().filter(r -> "paying".equals(r.labels().get(PrometheusRules.SEGMENT_LABEL))
                && "ticket".equals(r.labels().get("severity"))).findFirst().orElseThrow();
        assertThat(payingTicket.expr()).contains("ratio_rate3d").contains("ratio_rate6h").contains("(1 * 0.001)").doesNotContain(" or ");
    }

    @Test
    void workbookDefaultsScaledToTheWindowRenderWithoutFloatNoise() {
        ServiceLevelObjective defaults = new ServiceLevelObjective("checkout", Duration.ofDays(28), "tenant", "version",
                List.of(AVAILABILITY), List.of(), 0);

        String expressions = String.join("\n", PrometheusRules.expressions(PrometheusRules.groups(defaults, TIERS)));

        assertThat(expressions).contains("(13.44 * 0.001)").contains("(5.6 * 0.001)").contains("vector(0.999)");
    }

    @Test
    void theObjectIsOwnedByTheSloAndNamedAfterIt() {
        var owner = new dev.bulkhead.api.v1alpha1.ServiceLevelObjective();
        owner.setMetadata(new ObjectMetaBuilder().withName("checkout").withNamespace("shop").withUid("u-1").build());

        GenericKubernetesResource rule = PrometheusRules.desired(owner, PrometheusRules.groups(slo(AVAILABILITY), TIERS));

        assertThat(rule.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
        assertThat(rule.getKind()).isEqualTo("PrometheusRule");
        assertThat(rule.getMetadata().getName()).isEqualTo("checkout-slo");
        assertThat(rule.getMetadata().getNamespace()).isEqualTo("shop");
        assertThat(rule.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> {
            assertThat(o.getKind()).isEqualTo("ServiceLevelObjective");
            assertThat(o.getUid()).isEqualTo("u-1");
            assertThat(o.getController()).isTrue();
        });
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> groups = (List<Map<String, Object>>) ((Map<String, Object>) rule.getAdditionalProperties()
                .get("spec")).get("groups");
        assertThat(groups).extracting(g -> g.get("name"))
                .containsExactly("bulkhead-checkout-sli", "bulkhead-checkout-sli-window", "bulkhead-checkout-alerts");
    }
}
