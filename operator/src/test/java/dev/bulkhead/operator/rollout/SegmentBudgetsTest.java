package dev.bulkhead.operator.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkhead.api.v1alpha1.ServiceLevelObjective;
import dev.bulkhead.api.v1alpha1.ServiceLevelObjectiveStatus;
import dev.bulkhead.api.v1alpha1.ServiceLevelObjectiveStatus.IndicatorBudget;
import dev.bulkhead.api.v1alpha1.ServiceLevelObjectiveStatus.SegmentBudget;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SegmentBudgetsTest {

    @Test
    void aSegmentShowsItsLowestBudgetAndItsHighestBurnPerWindowAcrossSlosAndIndicators() {
        ServiceLevelObjective availability = slo(new SegmentBudget("paying", 40.0, false, List.of(
                indicator("errors", 40.0, Map.of("5m", 3.0, "1h", 1.5)),
                indicator("latency", 70.0, Map.of("5m", 9.0, "1h", 0.5)))));
        ServiceLevelObjective checkout = slo(new SegmentBudget("paying", 12.5, true, List.of(
                indicator("errors", 12.5, Map.of("5m", 2.0, "1h", 4.0)))));

        SegmentBudgets.Budget paying = SegmentBudgets.of(List.of(availability, checkout)).of("paying");

        assertThat(paying.remaining()).isEqualTo(12.5);
        assertThat(paying.burnRates()).containsExactlyInAnyOrderEntriesOf(Map.of("5m", 9.0, "1h", 4.0));
    }

    @Test
    void aSegmentNoSloMeasuredShowsNeitherBudgetNorBurn() {
        ServiceLevelObjective unevaluated = new ServiceLevelObjective();

        SegmentBudgets.Budget free = SegmentBudgets.of(List.of(unevaluated, slo(new SegmentBudget("paying", 50.0, false,
                List.of(indicator("errors", Double.NaN, Map.of("5m", Double.NaN)))))) ).of("free");

        assertThat(free.remaining()).isNull();
        assertThat(free.burnRates()).isNull();
    }

    @Test
    void unmeasurableNumbersAreLeftOutRatherThanShownAsNaN() {
        SegmentBudgets.Budget paying = SegmentBudgets.of(List.of(slo(new SegmentBudget("paying", Double.NaN, false,
                List.of(indicator("errors", Double.NaN, Map.of("5m", Double.NaN, "1h", 2.0))))))).of("paying");

        assertThat(paying.remaining()).isNull();
        assertThat(paying.burnRates()).containsExactly(Map.entry("1h", 2.0));
    }

    private static IndicatorBudget indicator(String name, Double remaining, Map<String, Double> burns) {
        return new IndicatorBudget(name, 1000.0, 10.0, 0.01, remaining, burns, List.of());
    }

    private static ServiceLevelObjective slo(SegmentBudget... segments) {
        ServiceLevelObjective slo = new ServiceLevelObjective();
        slo.setStatus(new ServiceLevelObjectiveStatus(1L, "Healthy", List.of(), null, null, List.of(segments)));
        return slo;
    }
}
