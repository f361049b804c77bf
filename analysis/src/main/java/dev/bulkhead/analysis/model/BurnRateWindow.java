package dev.bulkhead.analysis.model;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A multi-window burn-rate condition: it fires when both the long and the short window burn the error budget
 * at least {@code factor} times faster than the rate that would exactly exhaust it over the SLO window.
 */
public record BurnRateWindow(Duration longWindow, Duration shortWindow, double factor, String severity) {

    public BurnRateWindow {
        Objects.requireNonNull(longWindow, "longWindow");
        Objects.requireNonNull(shortWindow, "shortWindow");
        Objects.requireNonNull(severity, "severity");
        if (!(factor > 0)) {
            throw new IllegalArgumentException("burn-rate factor must be positive, got " + factor);
        }
    }

    /**
     * The Google SRE workbook's three conditions ("Alerting on SLOs", table for a 30-day SLO): 2% of the budget
     * in 1h (5m short), 5% in 6h (30m short), 10% in 3d (6h short). The factor is
     * {@code budgetFraction × sloWindow / longWindow}, which gives 14.4, 6 and 1 for 30 days and scales the same
     * budget fractions to other SLO windows (13.44, 5.6, 0.93 for 28 days).
     */
    public static List<BurnRateWindow> workbookDefaults(Duration sloWindow) {
        return List.of(
                fromBudgetFraction(0.02, Duration.ofHours(1), Duration.ofMinutes(5), sloWindow, "page"),
                fromBudgetFraction(0.05, Duration.ofHours(6), Duration.ofMinutes(30), sloWindow, "page"),
                fromBudgetFraction(0.10, Duration.ofDays(3), Duration.ofHours(6), sloWindow, "ticket"));
    }

    /** The factor that consumes {@code budgetFraction} of the budget within {@code longWindow}. */
    public static BurnRateWindow fromBudgetFraction(double budgetFraction, Duration longWindow, Duration shortWindow,
            Duration sloWindow, String severity) {
        double factor = budgetFraction * sloWindow.toMillis() / (double) longWindow.toMillis();
        return new BurnRateWindow(longWindow, shortWindow, factor, severity);
    }
}
