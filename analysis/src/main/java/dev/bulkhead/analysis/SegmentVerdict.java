package dev.bulkhead.analysis;

import dev.bulkhead.analysis.culprit.CulpritTenant;
import dev.bulkhead.analysis.judge.IndicatorVerdict;
import dev.bulkhead.analysis.judge.Verdict;
import java.util.List;

/**
 * The verdict on one segment at one look: the most severe of its indicators' verdicts (error, fail, environment
 * incident, no-data, inconclusive, pass), the reason and message of the indicator that decided it, every
 * indicator's verdict with its numbers, and, for a failing segment, the tenants ranked by excess bad events.
 */
public record SegmentVerdict(String segment, Verdict verdict, String reason, String message,
        List<IndicatorVerdict> indicators, List<CulpritTenant> culprits) {

    public SegmentVerdict {
        indicators = List.copyOf(indicators);
        culprits = List.copyOf(culprits);
    }

    /** The tenants that stay significant after the multiple-comparison control. */
    public List<String> culpritTenants() {
        return culprits.stream().filter(CulpritTenant::significant).map(CulpritTenant::tenant).distinct().toList();
    }
}
