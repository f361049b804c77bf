package dev.bulkhead.analysis.slo;

import java.time.Duration;

/**
 * Error-budget arithmetic of the Google SRE workbook ("Alerting on SLOs"). All ratios are request-weighted: the
 * bad events of the whole window over all of its events, never an average of short-window ratios (the averaging
 * Sloth's 30-day rule does lets a quiet night weigh as much as a busy day).
 */
public final class BurnRates {

    private BurnRates() {
    }

    /**
     * How many times faster than sustainable the budget burns: {@code errorRatio / (1 − objective)}. A burn rate
     * of 1 exhausts the budget exactly at the end of the SLO window. NaN without events.
     */
    public static double burnRate(double badEvents, double events, double errorAllowance) {
        return events > 0 ? (badEvents / events) / errorAllowance : Double.NaN;
    }

    /** Fraction of the whole window's budget consumed by burning at {@code burnRate} for {@code duration}. */
    public static double budgetConsumed(double burnRate, Duration duration, Duration sloWindow) {
        return burnRate * duration.toMillis() / (double) sloWindow.toMillis();
    }

    /**
     * Fraction of the budget left after the SLO window's events: {@code 1 − errorRatio / (1 − objective)}.
     * Negative when the SLO is already broken; NaN without events.
     */
    public static double remainingBudget(double badEvents, double events, double errorAllowance) {
        return events > 0 ? 1 - (badEvents / events) / errorAllowance : Double.NaN;
    }
}
