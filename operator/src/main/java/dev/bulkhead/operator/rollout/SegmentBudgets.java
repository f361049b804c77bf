package dev.bulkhead.operator.rollout;

import dev.bulkhead.api.v1alpha1.ServiceLevelObjective;
import dev.bulkhead.api.v1alpha1.ServiceLevelObjectiveStatus;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Each segment's error budget as its SLOs last measured it, folded for the Rollout status: the lowest remaining budget
 * across the rollout's SLOs and indicators, and per burn-rate window the highest burn. Read from the SLO resources'
 * status (the SLO reconciler keeps it current), so showing it costs no query.
 */
public record SegmentBudgets(Map<String, Budget> bySegment) {

    /** One segment's folded budget; either part is null when no SLO has measured it. */
    public record Budget(Double remaining, Map<String, Double> burnRates) {
    }

    public static final SegmentBudgets NONE = new SegmentBudgets(Map.of());

    public static SegmentBudgets of(List<ServiceLevelObjective> slos) {
        Map<String, Double> remaining = new HashMap<>();
        Map<String, Map<String, Double>> burns = new HashMap<>();
        for (ServiceLevelObjective slo : slos) {
            ServiceLevelObjectiveStatus status = slo.getStatus();
            if (status == null || status.segments() == null) {
                continue;
            }
            for (ServiceLevelObjectiveStatus.SegmentBudget segment : status.segments()) {
                if (segment.budgetRemaining() != null && Double.isFinite(segment.budgetRemaining())) {
                    remaining.merge(segment.name(), segment.budgetRemaining(), Math::min);
                }
                if (segment.indicators() == null) {
                    continue;
                }
                for (ServiceLevelObjectiveStatus.IndicatorBudget indicator : segment.indicators()) {
                    if (indicator.burnRates() == null) {
                        continue;
                    }
                    indicator.burnRates().forEach((window, burn) -> {
                        if (burn != null && Double.isFinite(burn)) {
                            burns.computeIfAbsent(segment.name(), s -> new TreeMap<>()).merge(window, burn, Math::max);
                        }
                    });
                }
            }
        }
        Map<String, Budget> out = new HashMap<>();
        remaining.keySet().forEach(s -> out.put(s, null));
        burns.keySet().forEach(s -> out.put(s, null));
        out.replaceAll((s, ignored) -> new Budget(remaining.get(s), burns.get(s)));
        return new SegmentBudgets(Map.copyOf(out));
    }

    public Budget of(String segment) {
        return bySegment.getOrDefault(segment, new Budget(null, null));
    }
}
