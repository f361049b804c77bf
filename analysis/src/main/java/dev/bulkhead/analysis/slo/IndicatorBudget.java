package dev.bulkhead.analysis.slo;

import java.util.List;

/**
 * Burn rates and budget of one indicator for one scope of traffic.
 *
 * @param indicator       indicator name
 * @param scope           {@code segment} (all versions of the segment's tenants) or {@code canary} (the canary's own
 *                        traffic in the segment, so that a small canary cannot hide inside the segment's budget)
 * @param burns           burn rate per window
 * @param alerts          the multi-window conditions
 * @param budget          counts over the SLO window
 * @param remainingBudget fraction of budget left over the SLO window (NaN without events)
 * @param exhausted       remaining budget at or below the freeze floor
 */
public record IndicatorBudget(String indicator, String scope, List<WindowBurn> burns, List<BurnAlert> alerts,
        WindowBurn budget, double remainingBudget, boolean exhausted) {

    public IndicatorBudget {
        burns = List.copyOf(burns);
        alerts = List.copyOf(alerts);
    }

    public boolean alerting() {
        return alerts.stream().anyMatch(BurnAlert::firing);
    }
}
