package dev.bulkhead.operator.slo;

import dev.bulkhead.analysis.model.BurnRateWindow;
import dev.bulkhead.analysis.model.Durations;
import dev.bulkhead.analysis.model.Indicator;
import dev.bulkhead.analysis.model.Segmentation;
import dev.bulkhead.analysis.model.ServiceLevelObjective;
import dev.bulkhead.analysis.query.SliQuery;
import dev.bulkhead.api.v1alpha1.ServiceLevelObjectiveSpec;
import dev.bulkhead.engine.plan.SegmentationSpec.SegmentSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Maps a ServiceLevelObjective resource and its resolved Segmentation into the analysis module's model. Every
 * problem names the field to fix; nothing is thrown. Pure.
 */
public final class SloMapping {

    /** One thing wrong with the spec: the condition reason and a message that starts with the field path. */
    public record Problem(String reason, String message) {
    }

    /** The analysis model, or the problems that stopped the mapping ({@code slo} and {@code segmentation} null). */
    public record Mapped(ServiceLevelObjective slo, Segmentation segmentation, List<Problem> problems) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    static final String DEFAULT_WINDOW = "30d";
    static final String DEFAULT_TENANT_LABEL = "tenant";
    static final String DEFAULT_VERSION_LABEL = "version";

    private SloMapping() {
    }

    /**
     * @param name        the resource name (used in messages and rule labels)
     * @param tenantLabel the Segmentation's {@code spec.tenantLabel} (null means its default)
     * @param segments    the Segmentation's segments with ConfigMap tenant lists already resolved
     */
    public static Mapped map(String name, ServiceLevelObjectiveSpec spec, String tenantLabel, List<SegmentSpec> segments) {
        List<Problem> problems = new ArrayList<>();
        Duration window = duration(spec.window() == null ? DEFAULT_WINDOW : spec.window(), "spec.window", problems);

        List<BurnRateWindow> burnRateWindows = new ArrayList<>();
        List<dev.bulkhead.api.v1alpha1.BurnRateWindow> declared = spec.burnRateWindows() == null ? List.of() : spec.burnRateWindows();
        for (int i = 0; i < declared.size(); i++) {
            var w = declared.get(i);
            String path = "spec.burnRateWindows[" + i + "]";
            Duration longWindow = duration(w.longWindow(), path + ".long", problems);
            Duration shortWindow = duration(w.shortWindow(), path + ".short", problems);
            if (longWindow == null || shortWindow == null) {
                continue;
            }
            if (w.factor() == null || !(w.factor() > 0)) {
                problems.add(new Problem(SloReasons.INVALID_WINDOW, path + ".factor: must be a positive number"));
                continue;
            }
            String severity = w.severity() == null ? "page" : w.severity().name().toLowerCase(java.util.Locale.ROOT);
            burnRateWindows.add(new BurnRateWindow(longWindow, shortWindow, w.factor(), severity));
        }

        String tenant = tenantLabel == null ? DEFAULT_TENANT_LABEL : tenantLabel;
        String version = spec.versionLabel() == null ? DEFAULT_VERSION_LABEL : spec.versionLabel();
        List<Indicator> indicators = new ArrayList<>();
        List<dev.bulkhead.api.v1alpha1.Indicator> declaredIndicators = spec.indicators() == null ? List.of() : spec.indicators();
        if (declaredIndicators.isEmpty()) {
            problems.add(new Problem(SloReasons.INVALID_INDICATOR, "spec.indicators: at least one indicator is required"));
        }
        for (int i = 0; i < declaredIndicators.size(); i++) {
            Indicator indicator = indicator(declaredIndicators.get(i), "spec.indicators[" + i + "]", problems);
            if (indicator == null) {
                continue;
            }
            try {
                // Building the query once is the validation: selectors parse, latency has a _bucket series, raw has {{.window}}.
                SliQuery.build(indicator, Duration.ofMinutes(5), tenant, version, Set.of());
                indicators.add(indicator);
            } catch (IllegalArgumentException e) {
                problems.add(new Problem(SloReasons.INVALID_INDICATOR, "spec." + e.getMessage()));
            }
        }

        Segmentation segmentation = null;
        try {
            segmentation = new Segmentation(segments.stream()
                    .map(s -> new Segmentation.Segment(s.name(), new LinkedHashSet<>(s.tenants() == null ? List.of() : s.tenants()),
                            Boolean.TRUE.equals(s.isDefault())))
                    .toList());
        } catch (IllegalArgumentException e) {
            problems.add(new Problem(SloReasons.SEGMENTATION_NOT_READY, "spec.segmentationRef: the Segmentation is not usable: "
                    + e.getMessage()));
        }

        if (!problems.isEmpty()) {
            return new Mapped(null, null, List.copyOf(problems));
        }
        try {
            double freeze = spec.freezeBelowBudget() == null ? 0 : spec.freezeBelowBudget();
            ServiceLevelObjective slo = new ServiceLevelObjective(name, window, tenant, version, indicators, burnRateWindows, freeze);
            return new Mapped(slo, segmentation, List.of());
        } catch (IllegalArgumentException e) {
            return new Mapped(null, null, List.of(new Problem(SloReasons.INVALID_INDICATOR,
                    "spec.versionLabel: " + e.getMessage())));
        }
    }

    private static Indicator indicator(dev.bulkhead.api.v1alpha1.Indicator declared, String path, List<Problem> problems) {
        Indicator.Form form;
        if (declared.events() != null) {
            form = new Indicator.Events(declared.events().bad(), declared.events().total());
        } else if (declared.latency() != null) {
            form = new Indicator.Latency(declared.latency().histogram(), declared.latency().le());
        } else if (declared.raw() != null) {
            form = new Indicator.Raw(declared.raw().bad(), declared.raw().total());
        } else {
            problems.add(new Problem(SloReasons.INVALID_INDICATOR, path + ": set exactly one of events, latency or raw"));
            return null;
        }
        if (declared.objective() == null) {
            problems.add(new Problem(SloReasons.INVALID_INDICATOR, path + ".objective: a percent such as 99.9 is required"));
            return null;
        }
        try {
            return new Indicator(declared.name(), declared.objective(), form);
        } catch (RuntimeException e) {
            problems.add(new Problem(SloReasons.INVALID_INDICATOR, path + ": " + e.getMessage()));
            return null;
        }
    }

    private static Duration duration(String text, String field, List<Problem> problems) {
        try {
            return Durations.parse(text, field);
        } catch (IllegalArgumentException e) {
            problems.add(new Problem(SloReasons.INVALID_WINDOW, e.getMessage()));
            return null;
        }
    }
}
