package dev.bulkhead.analysis;

import dev.bulkhead.analysis.slo.SloReport;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The result of one look: a verdict per judged segment, the state for the next look, burn rates and budgets if
 * asked for, and warnings about the data (tenants outside every segment, partial responses).
 */
public record SegmentAnalysis(Instant evaluatedAt, Instant windowStart, List<SegmentVerdict> segments,
        AnalysisState state, SloReport budgets, List<String> warnings) {

    public SegmentAnalysis {
        segments = List.copyOf(segments);
        warnings = List.copyOf(warnings);
    }

    public Optional<SegmentVerdict> segment(String name) {
        return segments.stream().filter(s -> s.segment().equals(name)).findFirst();
    }
}
