package dev.bulkhead.analysis.slo;

import dev.bulkhead.analysis.judge.ArmCounts;
import dev.bulkhead.analysis.model.BurnRateWindow;
import dev.bulkhead.analysis.model.Indicator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Turns counts per window into burn rates, alerts and the remaining budget of one indicator and scope. Pure. */
public final class BudgetCalculator {

    private BudgetCalculator() {
    }

    /**
     * @param countsByWindow    counts for every window the conditions name and for the SLO window
     * @param freezeBelowBudget percent of budget at or below which the scope is exhausted
     */
    public static IndicatorBudget compute(Indicator indicator, String scope, List<BurnRateWindow> conditions,
            Duration sloWindow, Map<Duration, ArmCounts> countsByWindow, double freezeBelowBudget) {
        double allowance = indicator.errorAllowance();
        List<WindowBurn> burns = new ArrayList<>();
        countsByWindow.entrySet().stream()
                .filter(e -> !e.getKey().equals(sloWindow))
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> burns.add(burn(e.getKey(), e.getValue(), allowance)));
        List<BurnAlert> alerts = new ArrayList<>();
        for (BurnRateWindow c : conditions) {
            double longBurn = burn(c.longWindow(), countsByWindow.getOrDefault(c.longWindow(), ArmCounts.EMPTY), allowance).burnRate();
            double shortBurn = burn(c.shortWindow(), countsByWindow.getOrDefault(c.shortWindow(), ArmCounts.EMPTY), allowance).burnRate();
            alerts.add(BurnAlert.evaluate(c, longBurn, shortBurn));
        }
        ArmCounts whole = countsByWindow.getOrDefault(sloWindow, ArmCounts.EMPTY);
        WindowBurn budget = burn(sloWindow, whole, allowance);
        double remaining = BurnRates.remainingBudget(whole.bad(), whole.events(), allowance);
        boolean exhausted = !Double.isNaN(remaining) && remaining <= freezeBelowBudget / 100.0;
        return new IndicatorBudget(indicator.name(), scope, burns, alerts, budget, remaining, exhausted);
    }

    private static WindowBurn burn(Duration window, ArmCounts counts, double allowance) {
        return new WindowBurn(window, counts, BurnRates.burnRate(counts.bad(), counts.events(), allowance));
    }
}
