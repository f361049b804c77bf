package dev.bulkhead.operator.metrics;

import dev.bulkhead.api.v1alpha1.ServiceLevelObjectiveStatus;
import dev.bulkhead.api.v1alpha1.ServiceLevelObjectiveStatus.IndicatorBudget;
import dev.bulkhead.api.v1alpha1.ServiceLevelObjectiveStatus.SegmentBudget;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every ServiceLevelObjective's per-segment error budget as gauges, the numbers of its status, for dashboards and
 * alerts (a status is not something Prometheus can read):
 * <ul>
 * <li>{@code bulkhead_slo_budget_remaining_ratio{slo_namespace,slo,segment,indicator}}: the error budget left over
 * the SLO window, 1 untouched, 0 spent, negative overspent;</li>
 * <li>{@code bulkhead_slo_error_ratio{...,indicator}}: bad events / events over the SLO window;</li>
 * <li>{@code bulkhead_slo_burn_rate{...,indicator,window}}: the request-weighted burn rate per alert window;</li>
 * <li>{@code bulkhead_slo_burn_alerts_firing{...,indicator}}: how many of the SLO's burn-rate window pairs fire;</li>
 * <li>{@code bulkhead_slo_segment_frozen{slo_namespace,slo,segment}}: 1 while the segment's budget is exhausted and
 * releases to it are frozen, else 0.</li>
 * </ul>
 * The SLO's namespace is {@code slo_namespace}: a scrape adds the operator pod's own namespace as {@code namespace}.
 * An SLO that was never evaluated has no series; a deleted one loses them ({@link #forget}).
 */
public final class SloMetrics {

    private final MultiGauge remaining;
    private final MultiGauge errorRatio;
    private final MultiGauge burnRate;
    private final MultiGauge firing;
    private final MultiGauge frozen;
    /** namespace/name → the status last recorded, sorted so that rows come out in a stable order. */
    private final Map<String, Recorded> slos = new TreeMap<>();

    private record Recorded(String namespace, String name, ServiceLevelObjectiveStatus status) {
    }

    public SloMetrics(MeterRegistry registry) {
        remaining = MultiGauge.builder("bulkhead_slo_budget_remaining_ratio")
                .description("Error budget left over the SLO window per segment and indicator (1 untouched, 0 spent)")
                .register(registry);
        errorRatio = MultiGauge.builder("bulkhead_slo_error_ratio")
                .description("Bad events / events over the SLO window per segment and indicator").register(registry);
        burnRate = MultiGauge.builder("bulkhead_slo_burn_rate")
                .description("Error budget burn rate per segment, indicator and window").register(registry);
        firing = MultiGauge.builder("bulkhead_slo_burn_alerts_firing")
                .description("Burn-rate window pairs of the SLO firing per segment and indicator").register(registry);
        frozen = MultiGauge.builder("bulkhead_slo_segment_frozen")
                .description("1 while the segment's error budget is exhausted and releases to it are frozen").register(registry);
    }

    /** The status of SLO {@code namespace/name} as it is now (replaces what was recorded for it). */
    public synchronized void record(String namespace, String name, ServiceLevelObjectiveStatus status) {
        slos.put(namespace + "/" + name, new Recorded(namespace, name, status));
        publish();
    }

    /** The SLO was deleted: its series go. */
    public synchronized void forget(String namespace, String name) {
        if (slos.remove(namespace + "/" + name) != null) {
            publish();
        }
    }

    private void publish() {
        List<MultiGauge.Row<?>> remainingRows = new ArrayList<>();
        List<MultiGauge.Row<?>> errorRows = new ArrayList<>();
        List<MultiGauge.Row<?>> burnRows = new ArrayList<>();
        List<MultiGauge.Row<?>> firingRows = new ArrayList<>();
        List<MultiGauge.Row<?>> frozenRows = new ArrayList<>();
        for (Recorded slo : slos.values()) {
            if (slo.status() == null || slo.status().segments() == null) {
                continue;
            }
            for (SegmentBudget segment : slo.status().segments()) {
                Tags tags = Tags.of("slo_namespace", slo.namespace(), "slo", slo.name(), "segment", segment.name());
                frozenRows.add(MultiGauge.Row.of(tags, Boolean.TRUE.equals(segment.exhausted()) ? 1 : 0));
                for (IndicatorBudget indicator : segment.indicators() == null ? List.<IndicatorBudget>of() : segment.indicators()) {
                    Tags by = tags.and("indicator", indicator.name());
                    if (indicator.budgetRemaining() != null) {
                        // The status keeps percent, for people; a ratio is Prometheus' convention.
                        remainingRows.add(MultiGauge.Row.of(by, indicator.budgetRemaining() / 100));
                    }
                    if (indicator.errorRatio() != null) {
                        errorRows.add(MultiGauge.Row.of(by, indicator.errorRatio()));
                    }
                    if (indicator.burnRates() != null) {
                        indicator.burnRates().forEach((window, rate) -> burnRows.add(MultiGauge.Row.of(by.and("window", window), rate)));
                    }
                    firingRows.add(MultiGauge.Row.of(by, indicator.firing() == null ? 0 : indicator.firing().size()));
                }
            }
        }
        remaining.register(remainingRows, true);
        errorRatio.register(errorRows, true);
        burnRate.register(burnRows, true);
        firing.register(firingRows, true);
        frozen.register(frozenRows, true);
    }
}
