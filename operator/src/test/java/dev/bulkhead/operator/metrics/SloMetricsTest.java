package dev.bulkhead.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkhead.api.v1alpha1.ServiceLevelObjectiveStatus;
import dev.bulkhead.api.v1alpha1.ServiceLevelObjectiveStatus.IndicatorBudget;
import dev.bulkhead.api.v1alpha1.ServiceLevelObjectiveStatus.SegmentBudget;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SloMetricsTest {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final SloMetrics metrics = new SloMetrics(registry);

    private static ServiceLevelObjectiveStatus status(SegmentBudget... segments) {
        return new ServiceLevelObjectiveStatus(1L, "Burning", List.of(), "2026-11-24T00:00:00Z", "", List.of(segments));
    }

    private static SegmentBudget segment(String name, boolean exhausted, double remainingPercent, double errorRatio,
            Map<String, Double> burnRates, List<String> firing) {
        return new SegmentBudget(name, remainingPercent, exhausted, List.of(new IndicatorBudget("availability", 1000.0,
                errorRatio * 1000, errorRatio, remainingPercent, burnRates, firing)));
    }

    private double value(String name, String... tags) {
        return registry.get(name).tags(tags).gauge().value();
    }

    @Test
    void exportsEachSegmentsBudgetBurnRatesAndFreezeAsTheStatusSaysThem() {
        Map<String, Double> burns = new LinkedHashMap<>();
        burns.put("5m", 14.4);
        burns.put("1h", 6.0);
        metrics.record("shop", "checkout", status(
                segment("free", false, 80, 0.001, Map.of("5m", 0.2), List.of()),
                segment("paying", true, -12.5, 0.02, burns, List.of("1h/5m"))));

        assertThat(value("bulkhead_slo_budget_remaining_ratio", "slo_namespace", "shop", "slo", "checkout",
                "segment", "free", "indicator", "availability")).isEqualTo(0.8);
        assertThat(value("bulkhead_slo_budget_remaining_ratio", "segment", "paying")).isEqualTo(-0.125);
        assertThat(value("bulkhead_slo_error_ratio", "segment", "paying")).isEqualTo(0.02);
        assertThat(value("bulkhead_slo_burn_rate", "segment", "paying", "window", "5m")).isEqualTo(14.4);
        assertThat(value("bulkhead_slo_burn_rate", "segment", "paying", "window", "1h")).isEqualTo(6.0);
        assertThat(value("bulkhead_slo_burn_alerts_firing", "segment", "paying")).isEqualTo(1.0);
        assertThat(value("bulkhead_slo_burn_alerts_firing", "segment", "free")).isZero();
        assertThat(value("bulkhead_slo_segment_frozen", "segment", "paying")).isEqualTo(1.0);
        assertThat(value("bulkhead_slo_segment_frozen", "segment", "free")).isZero();
        assertThat(registry.scrape()).contains("bulkhead_slo_burn_rate{indicator=\"availability\",segment=\"paying\","
                + "slo=\"checkout\",slo_namespace=\"shop\",window=\"5m\",} 14.4");
    }

    @Test
    void aNewEvaluationReplacesTheSeriesOfItsSloAndLeavesOtherSlosAlone() {
        metrics.record("shop", "checkout", status(segment("free", false, 80, 0.001, Map.of("5m", 0.2), List.of()),
                segment("paying", true, -12.5, 0.02, Map.of("5m", 9.0), List.of("1h/5m"))));
        metrics.record("shop", "search", status(segment("free", false, 99, 0.0, Map.of(), List.of())));

        metrics.record("shop", "checkout", status(segment("free", false, 75, 0.001, Map.of("5m", 0.3), List.of())));

        assertThat(value("bulkhead_slo_budget_remaining_ratio", "slo", "checkout", "segment", "free")).isEqualTo(0.75);
        assertThat(registry.find("bulkhead_slo_segment_frozen").tags("slo", "checkout", "segment", "paying").gauge())
                .as("a segment the SLO no longer has").isNull();
        assertThat(value("bulkhead_slo_budget_remaining_ratio", "slo", "search")).isEqualTo(0.99);
    }

    @Test
    void aDeletedSloLosesItsSeriesAndAnUnevaluatedOneHasNone() {
        metrics.record("shop", "checkout", status(segment("paying", true, -1, 0.02, Map.of("5m", 9.0), List.of("1h/5m"))));
        metrics.record("shop", "new", new ServiceLevelObjectiveStatus(1L, "NoData", List.of(), null, null, null));

        metrics.forget("shop", "checkout");

        assertThat(registry.find("bulkhead_slo_segment_frozen").gauges()).isEmpty();
        assertThat(registry.find("bulkhead_slo_burn_rate").gauges()).isEmpty();
        assertThat(registry.scrape()).doesNotContain("slo=\"checkout\"").doesNotContain("slo=\"new\"");
    }
}
