package dev.bulkhead.analysis.slo;

import java.util.List;

/** The SLO state of one segment: per indicator and scope; {@code exhausted} freezes releases to the segment. */
public record SegmentBudget(String segment, List<IndicatorBudget> indicators) {

    public SegmentBudget {
        indicators = List.copyOf(indicators);
    }

    /** Any indicator's segment-wide budget is at or below the freeze floor. */
    public boolean exhausted() {
        return indicators.stream().anyMatch(i -> "segment".equals(i.scope()) && i.exhausted());
    }

    /** Any multi-window condition fires, for the segment or for the canary's own traffic. */
    public boolean alerting() {
        return indicators.stream().anyMatch(IndicatorBudget::alerting);
    }
}
