package dev.bulkhead.analysis;

import dev.bulkhead.analysis.judge.Evidence;
import dev.bulkhead.analysis.judge.IndicatorVerdict;
import dev.bulkhead.analysis.judge.Verdict;
import java.time.Instant;
import java.util.List;

/**
 * A flat, immutable summary of one segment verdict for the Rollout status history: the verdict, why, and the
 * numbers of the indicator that decided it (counts of both arms, rates, the statistic and its threshold, the
 * window). Numbers are null, never NaN, when unknown (an error before any data, a rate without events), because
 * JSON and the Kubernetes API have no NaN.
 */
public record VerdictRecord(Instant evaluatedAt, Instant windowStart, String segment, Verdict verdict, String reason,
        String indicator, Double canaryEvents, Double canaryBad, Double stableEvents, Double stableBad, Double canaryRate,
        Double stableRate, Double statistic, Double threshold, List<String> culpritTenants) {

    public VerdictRecord {
        culpritTenants = List.copyOf(culpritTenants);
    }

    public static VerdictRecord of(Instant evaluatedAt, Instant windowStart, SegmentVerdict v) {
        IndicatorVerdict decisive = v.indicators().stream().filter(i -> i.verdict() == v.verdict()).findFirst()
                .orElse(v.indicators().isEmpty() ? null : v.indicators().get(0));
        Evidence e = decisive == null ? null : decisive.evidence();
        if (e == null) {
            return new VerdictRecord(evaluatedAt, windowStart, v.segment(), v.verdict(), v.reason(),
                    decisive == null ? "" : decisive.indicator(), null, null, null, null, null, null, null, null,
                    v.culpritTenants());
        }
        return new VerdictRecord(evaluatedAt, windowStart, v.segment(), v.verdict(), v.reason(), decisive.indicator(),
                finite(e.canary().events()), finite(e.canary().bad()), finite(e.stable().events()), finite(e.stable().bad()),
                finite(e.canaryRate()), finite(e.stableRate()), finite(e.failStatistic()), finite(e.failThreshold()),
                v.culpritTenants());
    }

    private static Double finite(double d) {
        return Double.isFinite(d) ? d : null;
    }
}
