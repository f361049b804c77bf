package dev.bulkhead.analysis.slo;

import dev.bulkhead.analysis.model.BurnRateWindow;

/**
 * One multi-window condition evaluated: it fires when both windows burn at least {@code factor} (the long window
 * says it matters, the short one that it is still happening).
 */
public record BurnAlert(BurnRateWindow condition, double longBurnRate, double shortBurnRate, boolean firing) {

    public static BurnAlert evaluate(BurnRateWindow condition, double longBurn, double shortBurn) {
        boolean firing = longBurn >= condition.factor() && shortBurn >= condition.factor();
        return new BurnAlert(condition, longBurn, shortBurn, firing);
    }
}
