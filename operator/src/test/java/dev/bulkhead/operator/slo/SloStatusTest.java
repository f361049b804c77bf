package dev.bulkhead.operator.slo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.bulkhead.analysis.judge.ArmCounts;
import dev.bulkhead.analysis.model.BurnRateWindow;
import dev.bulkhead.analysis.model.Indicator;
import dev.bulkhead.analysis.slo.BudgetCalculator;
import dev.bulkhead.analysis.slo.SegmentBudget;
import dev.bulkhead.analysis.slo.SloReport;
import dev.bulkhead.api.v1alpha1.Condition;
import dev.bulkhead.api.v1alpha1.ConditionStatus;
import dev.bulkhead.api.v1alpha1.ServiceLevelObjectiveStatus;
import dev.bulkhead.operator.status.Conditions;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SloStatusTest {

    static final Instant T1 = Instant.parse("2026-01-01T01:00:00Z");
    static final Instant T2 = Instant.parse("2026-01-01T01:01:00Z");
    static final Duration SLO_WINDOW = Duration.ofHours(1);
    static final Indicator AVAILABILITY = new Indicator("availability", 99.9,
            new Indicator.Events("http_requests_total{code=~\"5..\"}", "http_requests_total"));
    static final List<BurnRateWindow> PAGE = List.of(
            new BurnRateWindow(Duration.ofMinutes(30), Duration.ofMinutes(5), 10, "page"));

    /** One segment whose traffic has {@code errorRatio} on every window, {@code events} requests per window. */
    static SegmentBudget segment(String name, double events, double errorRatio, double freezeBelowBudget) {
        Map<Duration, ArmCounts> counts = new LinkedHashMap<>();
        for (Duration w : List.of(Duration.ofMinutes(5), Duration.ofMinutes(30), SLO_WINDOW)) {
            counts.put(w, new ArmCounts(events, events * errorRatio));
        }
        return new SegmentBudget(name, List.of(BudgetCalculator.compute(AVAILABILITY, "segment", PAGE, SLO_WINDOW, counts,
                freezeBelowBudget)));
    }

    static SloReport report(Instant at, SegmentBudget... segments) {
        return new SloReport("checkout", at, List.of(segments), List.of());
    }

    static ServiceLevelObjectiveStatus evaluated(ServiceLevelObjectiveStatus previous, SloReport report, Instant now) {
        return SloStatus.of(previous, 1, new SloStatus.Evaluated(report), null, now);
    }

    @Test
    void aSegmentAtOrBelowTheFreezeFloorIsExhaustedAndFrozenWhileAHealthyOneIsNot() {
        ServiceLevelObjectiveStatus status = evaluated(null, report(T1,
                segment("free", 10_000, 0.0005, 0), segment("paying", 10_000, 0.05, 0)), T1);

        assertThat(status.phase()).isEqualTo(SloStatus.EXHAUSTED);
        assertThat(status.frozenSegments()).isEqualTo("paying");
        assertThat(status.lastEvaluated()).isEqualTo(T1.toString());
        assertThat(status.observedGeneration()).isEqualTo(1L);
        var free = status.segments().get(0);
        var paying = status.segments().get(1);
        assertThat(free.exhausted()).isFalse();
        assertThat(free.budgetRemaining()).isCloseTo(50.0, within(1e-9));
        assertThat(paying.exhausted()).isTrue();
        assertThat(paying.budgetRemaining()).isCloseTo(-4900.0, within(1e-9));
        var payingAvailability = paying.indicators().get(0);
        assertThat(payingAvailability.errorRatio()).isEqualTo(0.05);
        assertThat(payingAvailability.events()).isEqualTo(10_000.0);
        assertThat(payingAvailability.badEvents()).isEqualTo(500.0);
        assertThat(payingAvailability.burnRates()).containsEntry("5m", 50.0).containsEntry("30m", 50.0);
        assertThat(payingAvailability.firing()).containsExactly("30m/5m");
        assertThat(free.indicators().get(0).firing()).isEmpty();
        assertThat(condition(status, SloStatus.READY).status()).isEqualTo(ConditionStatus.TRUE);
        assertThat(condition(status, SloStatus.DEGRADED).status()).isEqualTo(ConditionStatus.FALSE);
    }

    @Test
    void theFreezeFloorIsAPercentOfBudget() {
        // 0.05% errors against 0.1% allowed leaves 50% of the budget: frozen at a 60% floor, not at 40%.
        assertThat(evaluated(null, report(T1, segment("free", 10_000, 0.0005, 60)), T1).frozenSegments()).isEqualTo("free");
        assertThat(evaluated(null, report(T1, segment("free", 10_000, 0.0005, 40)), T1).frozenSegments()).isEmpty();
    }

    @Test
    void phaseIsBurningWhenAnAlertFiresButNoBudgetIsExhausted() {
        // 1.5% errors on every window burns 15x (above the 10x pair) and overspends: exhausted wins over burning.
        assertThat(evaluated(null, report(T1, segment("free", 10_000, 0.015, 0)), T1).phase()).isEqualTo(SloStatus.EXHAUSTED);
        // Burning needs short windows hotter than the SLO window: 5m and 30m at 2%, 1h at 0.05%.
        Map<Duration, ArmCounts> counts = new LinkedHashMap<>();
        counts.put(Duration.ofMinutes(5), new ArmCounts(1_000, 20));
        counts.put(Duration.ofMinutes(30), new ArmCounts(1_000, 20));
        counts.put(SLO_WINDOW, new ArmCounts(100_000, 50));
        SegmentBudget burning = new SegmentBudget("free", List.of(BudgetCalculator.compute(AVAILABILITY, "segment", PAGE,
                SLO_WINDOW, counts, 0)));
        ServiceLevelObjectiveStatus status = evaluated(null, report(T1, burning), T1);
        assertThat(status.phase()).isEqualTo(SloStatus.BURNING);
        assertThat(status.frozenSegments()).isEmpty();
    }

    @Test
    void healthyWhenNothingBurnsAndNoDataWithoutEvents() {
        assertThat(evaluated(null, report(T1, segment("free", 10_000, 0.0001, 0)), T1).phase()).isEqualTo(SloStatus.HEALTHY);
        ServiceLevelObjectiveStatus empty = evaluated(null, report(T1, segment("free", 0, 0, 0)), T1);
        assertThat(empty.phase()).isEqualTo(SloStatus.NO_DATA);
        // No events: no ratio, no budget, no burn rate (NaN never reaches the status) and nothing frozen.
        assertThat(empty.segments().get(0).budgetRemaining()).isNull();
        assertThat(empty.segments().get(0).indicators().get(0).burnRates()).isEmpty();
        assertThat(empty.frozenSegments()).isEmpty();
    }

    @Test
    void anUnavailableMetricSourceKeepsTheLastBudgetsSoAFrozenSegmentStaysFrozen() {
        ServiceLevelObjectiveStatus good = evaluated(null, report(T1,
                segment("free", 10_000, 0.0005, 0), segment("paying", 10_000, 0.05, 0)), T1);

        ServiceLevelObjectiveStatus stale = SloStatus.of(good, 1,
                new SloStatus.SourceFailed(SloReasons.METRIC_SOURCE_UNAVAILABLE, "connection refused"), null, T2);

        assertThat(stale.segments()).isEqualTo(good.segments());
        assertThat(stale.frozenSegments()).isEqualTo("paying");
        assertThat(stale.lastEvaluated()).isEqualTo(T1.toString());
        assertThat(stale.phase()).isEqualTo(SloStatus.EXHAUSTED);
        Condition degraded = condition(stale, SloStatus.DEGRADED);
        assertThat(degraded.status()).isEqualTo(ConditionStatus.TRUE);
        assertThat(degraded.reason()).isEqualTo(SloReasons.METRIC_SOURCE_UNAVAILABLE);
        assertThat(degraded.message()).contains("connection refused").contains(T1.toString());
        assertThat(degraded.lastTransitionTime()).isEqualTo(T2.toString());
        assertThat(condition(stale, SloStatus.READY)).isEqualTo(condition(good, SloStatus.READY));

        // Only a fresh evaluation unfreezes.
        ServiceLevelObjectiveStatus recovered = evaluated(stale, report(T2,
                segment("free", 10_000, 0.0005, 0), segment("paying", 10_000, 0.0001, 0)), T2);
        assertThat(recovered.frozenSegments()).isEmpty();
        assertThat(condition(recovered, SloStatus.DEGRADED).status()).isEqualTo(ConditionStatus.FALSE);
    }

    @Test
    void withoutAnyEvaluationAnUnavailableSourceLeavesReadyUnknownAndNoData() {
        ServiceLevelObjectiveStatus status = SloStatus.of(null, 1,
                new SloStatus.SourceFailed(SloReasons.METRIC_SOURCE_UNAVAILABLE, "connection refused"), null, T1);

        assertThat(condition(status, SloStatus.READY).status()).isEqualTo(ConditionStatus.UNKNOWN);
        assertThat(condition(status, SloStatus.READY).reason()).isEqualTo(SloReasons.AWAITING_METRICS);
        assertThat(status.phase()).isEqualTo(SloStatus.NO_DATA);
        assertThat(status.segments()).isNull();
    }

    @Test
    void anInvalidSpecIsNotReadyWithTheReasonAndKeepsWhatWasFrozen() {
        ServiceLevelObjectiveStatus good = evaluated(null, report(T1, segment("paying", 10_000, 0.05, 0)), T1);

        ServiceLevelObjectiveStatus invalid = SloStatus.of(good, 2, new SloStatus.Invalid(SloReasons.SEGMENTATION_NOT_FOUND,
                "spec.segmentationRef.name: Segmentation tiers does not exist"), null, T2);

        assertThat(invalid.phase()).isEqualTo(SloStatus.INVALID);
        assertThat(invalid.observedGeneration()).isEqualTo(2L);
        assertThat(invalid.frozenSegments()).isEqualTo("paying");
        Condition ready = condition(invalid, SloStatus.READY);
        assertThat(ready.status()).isEqualTo(ConditionStatus.FALSE);
        assertThat(ready.reason()).isEqualTo(SloReasons.SEGMENTATION_NOT_FOUND);
        assertThat(ready.message()).startsWith("spec.segmentationRef.name");
        assertThat(ready.observedGeneration()).isEqualTo(2L);
    }

    @Test
    void aRepeatedEvaluationWithTheSameOutcomeBuildsAnEqualStatus() {
        SloReport report = report(T1, segment("free", 10_000, 0.0005, 0), segment("paying", 10_000, 0.05, 0));
        ServiceLevelObjectiveStatus first = evaluated(null, report, T1);

        assertThat(evaluated(first, report, T2)).isEqualTo(first);
    }

    @Test
    void aRefusedPrometheusRuleDegradesTheSloButKeepsItsBudgets() {
        ServiceLevelObjectiveStatus status = SloStatus.of(null, 1, new SloStatus.Evaluated(report(T1,
                segment("paying", 10_000, 0.05, 0))), "PrometheusRule checkout-slo was not written: too large", T1);

        assertThat(condition(status, SloStatus.DEGRADED).reason()).isEqualTo(SloReasons.PROMETHEUS_RULE_REJECTED);
        assertThat(condition(status, SloStatus.READY).status()).isEqualTo(ConditionStatus.TRUE);
        assertThat(status.frozenSegments()).isEqualTo("paying");
    }

    private static Condition condition(ServiceLevelObjectiveStatus status, String type) {
        return Conditions.find(status.conditions(), type).orElseThrow();
    }
}
