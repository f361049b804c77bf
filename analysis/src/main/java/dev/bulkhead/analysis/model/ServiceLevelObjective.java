package dev.bulkhead.analysis.model;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The analysis module's own view of a ServiceLevelObjective resource (it never depends on the CRD classes).
 *
 * @param name              resource name, used in messages
 * @param window            the SLO window (30d by default in the resource)
 * @param tenantLabel       metric label carrying the tenant (from the Segmentation)
 * @param versionLabel      metric label telling revisions apart
 * @param indicators        at least one indicator, names unique
 * @param burnRateWindows   multi-window burn-rate conditions; the workbook's when empty
 * @param freezeBelowBudget percent of budget remaining at or below which a segment is exhausted (frozen)
 */
public record ServiceLevelObjective(String name, Duration window, String tenantLabel, String versionLabel,
        List<Indicator> indicators, List<BurnRateWindow> burnRateWindows, double freezeBelowBudget) {

    private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    public ServiceLevelObjective {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(window, "window");
        requireLabel(tenantLabel, "tenantLabel");
        requireLabel(versionLabel, "versionLabel");
        if (tenantLabel.equals(versionLabel)) {
            throw new IllegalArgumentException("tenantLabel and versionLabel must differ, both are '" + tenantLabel + "'");
        }
        if (indicators == null || indicators.isEmpty()) {
            throw new IllegalArgumentException("slo " + name + ": indicators must not be empty");
        }
        Set<String> names = new HashSet<>();
        for (Indicator i : indicators) {
            if (!names.add(i.name())) {
                throw new IllegalArgumentException("slo " + name + ": indicator name '" + i.name() + "' is used twice");
            }
        }
        indicators = List.copyOf(indicators);
        burnRateWindows = burnRateWindows == null || burnRateWindows.isEmpty()
                ? BurnRateWindow.workbookDefaults(window)
                : List.copyOf(burnRateWindows);
        if (freezeBelowBudget < 0 || freezeBelowBudget > 100) {
            throw new IllegalArgumentException("freezeBelowBudget must be a percent between 0 and 100, got "
                    + freezeBelowBudget);
        }
    }

    /** Defaults of the resource: 30-day window, labels {@code tenant} and {@code version}, workbook windows. */
    public static ServiceLevelObjective of(String name, List<Indicator> indicators) {
        return new ServiceLevelObjective(name, Duration.ofDays(30), "tenant", "version", indicators, List.of(), 0);
    }

    public Indicator indicator(String indicatorName) {
        return indicators.stream().filter(i -> i.name().equals(indicatorName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("slo " + name + " has no indicator " + indicatorName));
    }

    private static void requireLabel(String label, String field) {
        if (label == null || !LABEL.matcher(label).matches()) {
            throw new IllegalArgumentException(field + ": '" + label + "' is not a valid Prometheus label name");
        }
    }
}
