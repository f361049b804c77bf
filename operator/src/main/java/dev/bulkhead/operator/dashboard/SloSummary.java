package dev.bulkhead.operator.dashboard;

import dev.bulkhead.api.v1alpha1.Condition;
import dev.bulkhead.api.v1alpha1.ServiceLevelObjectiveStatus.SegmentBudget;
import java.util.List;

/** One ServiceLevelObjective as the dashboard lists it: phase, frozen segments and every segment's budget. */
public record SloSummary(String namespace, String name, String phase, String window, String frozenSegments,
        String lastEvaluated, List<SegmentBudget> segments, List<Condition> conditions) {
}
