package dev.bulkhead.analysis.slo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.bulkhead.analysis.judge.ArmCounts;
import dev.bulkhead.analysis.model.BurnRateWindow;
import dev.bulkhead.analysis.model.Indicator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BurnRatesTest {

    private static final Duration DAYS_30 = Duration.ofDays(30);
    private final Indicator availability = new Indicator("availability", 99.9, new Indicator.Events("bad", "total"));

    @Test
    void twoPercentOfAThirtyDayBudgetInOneHourIsA14_4Burn() {
        // Workbook: burn rate 14.4 over 1 hour consumes 14.4 × 1h / 720h = 2% of the budget.
        assertThat(BurnRates.budgetConsumed(14.4, Duration.ofHours(1), DAYS_30)).isCloseTo(0.02, within(1e-12));
        // 1.44% errors against a 99.9% objective (0.1% allowed) is a 14.4× burn.
        assertThat(BurnRates.burnRate(144, 10_000, availability.errorAllowance())).isCloseTo(14.4, within(1e-9));
    }

    @Test
    void workbookWindowsForThirtyAndTwentyEightDays() {
        assertThat(BurnRateWindow.workbookDefaults(DAYS_30)).extracting(BurnRateWindow::factor)
                .usingElementComparator((a, b) -> Math.abs(a - b) < 1e-9 ? 0 : Double.compare(a, b))
                .containsExactly(14.4, 6.0, 1.0);
        assertThat(BurnRateWindow.workbookDefaults(DAYS_30).get(1).shortWindow()).isEqualTo(Duration.ofMinutes(30));
        assertThat(BurnRateWindow.workbookDefaults(Duration.ofDays(28)).get(0).factor()).isCloseTo(13.44, within(1e-9));
    }

    @Test
    void alertFiresOnlyWhenBothWindowsBurn() {
        BurnRateWindow page = BurnRateWindow.workbookDefaults(DAYS_30).get(0);
        assertThat(BurnAlert.evaluate(page, 15, 20).firing()).isTrue();
        assertThat(BurnAlert.evaluate(page, 15, 2).firing()).isFalse();
        assertThat(BurnAlert.evaluate(page, Double.NaN, 20).firing()).isFalse();
    }

    @Test
    void budgetFromRequestWeightedCounts() {
        List<BurnRateWindow> conditions = BurnRateWindow.workbookDefaults(DAYS_30);
        IndicatorBudget b = BudgetCalculator.compute(availability, "segment", conditions, DAYS_30, Map.of(
                Duration.ofMinutes(5), new ArmCounts(1000, 20),
                Duration.ofHours(1), new ArmCounts(12_000, 180),
                Duration.ofMinutes(30), new ArmCounts(6000, 30),
                Duration.ofHours(6), new ArmCounts(72_000, 200),
                Duration.ofHours(72), new ArmCounts(864_000, 900),
                DAYS_30, new ArmCounts(8_640_000, 6048)), 10);
        assertThat(b.alerts().get(0).longBurnRate()).isCloseTo(15.0, within(1e-9));
        assertThat(b.alerts().get(0).shortBurnRate()).isCloseTo(20.0, within(1e-9));
        assertThat(b.alerts().get(0).firing()).isTrue();
        assertThat(b.alerts().get(1).firing()).isFalse();
        // 6048 bad of 8.64M is 0.07%: 70% of the budget used, 30% left.
        assertThat(b.remainingBudget()).isCloseTo(0.30, within(1e-9));
        assertThat(b.exhausted()).isFalse();
        assertThat(b.alerting()).isTrue();
    }

    @Test
    void exhaustedAtOrBelowTheFreezeFloor() {
        IndicatorBudget b = BudgetCalculator.compute(availability, "segment", List.of(), DAYS_30,
                Map.of(DAYS_30, new ArmCounts(1_000_000, 1200)), 0);
        assertThat(b.remainingBudget()).isCloseTo(-0.2, within(1e-9));
        assertThat(b.exhausted()).isTrue();
        IndicatorBudget none = BudgetCalculator.compute(availability, "canary", List.of(), DAYS_30, Map.of(), 0);
        assertThat(none.remainingBudget()).isNaN();
        assertThat(none.exhausted()).isFalse();
    }
}
