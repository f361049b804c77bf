package dev.bulkhead.analysis.slo;

import java.time.Instant;
import java.util.List;

/** Burn rates and budgets of every segment of one SLO at one evaluation time. */
public record SloReport(String slo, Instant evaluatedAt, List<SegmentBudget> segments, List<String> warnings) {

    public SloReport {
        segments = List.copyOf(segments);
        warnings = List.copyOf(warnings);
    }
}
