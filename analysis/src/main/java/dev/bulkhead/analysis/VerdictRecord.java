package dev.bulkhead.analysis;

import dev.bulkhead.analysis.judge.Evidence;
import dev.bulkhead.analysis.judge.IndicatorVerdict;
import dev.bulkhead.analysis.judge.TenantRegression;
import dev.bulkhead.analysis.judge.Verdict;
import dev.bulkhead.analysis.judge.VerdictReasons;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A flat, immutable summary of one segment verdict for the Rollout status history: the verdict, why, and the
 * numbers of the indicator that decided it (counts of both arms, rates, the statistic and the threshold it was held
 * against — the pass boundary's for {@code RegressionBelowRelevantSize}, else the fail boundary's — the window). For
 * {@code TenantRegression} the canary numbers, statistic and threshold are the failing tenant's own test, and the
 * culprit tenants start with the tenants whose test failed.
 * NaN numbers mean unknown (an error before any data, a rate without events); Jackson writes them as the string "NaN"
 * by default, which round-trips through a JSON tree in status.
 */
public record VerdictRecord(Instant evaluatedAt, Instant windowStart, String segment, Verdict verdict, String reason,
        String indicator, double canaryEvents, double canaryBad, double stableEvents, double stableBad, double canaryRate,
        double stableRate, double statistic, double threshold, List<String> culpritTenants) {

    public VerdictRecord {
        culpritTenants = List.copyOf(culpritTenants);
    }

    public static VerdictRecord of(Instant evaluatedAt, Instant windowStart, SegmentVerdict v) {
        IndicatorVerdict decisive = v.indicators().stream().filter(i -> i.verdict() == v.verdict()).findFirst()
                .orElse(v.indicators().isEmpty() ? null : v.indicators().get(0));
        Evidence e = decisive == null ? null : decisive.evidence();
        // The statistic and threshold the decision was held against: the pass boundary's for a pass on it, else the
        // fail boundary's (which every other verdict is read against).
        boolean passBoundary = VerdictReasons.REGRESSION_BELOW_RELEVANT_SIZE.equals(v.reason());
        if (VerdictReasons.TENANT_REGRESSION.equals(v.reason()) && e != null && !e.tenantRegressions().isEmpty()) {
            // A tenant failed the segment: the canary numbers, statistic and threshold are that tenant's test, stable's are
            // the segment's; the tenants named are the ones whose test failed, then the culprit ranking's.
            TenantRegression t = e.tenantRegressions().get(0);
            List<String> tenants = new ArrayList<>(e.tenantRegressions().stream().map(TenantRegression::tenant).toList());
            v.culpritTenants().stream().filter(c -> !tenants.contains(c)).forEach(tenants::add);
            return new VerdictRecord(evaluatedAt, windowStart, v.segment(), v.verdict(), v.reason(), decisive.indicator(),
                    t.events(), t.bad(), e.stable().events(), e.stable().bad(), t.canaryRate(), e.stableRate(), t.statistic(),
                    t.threshold(), tenants);
        }
        return new VerdictRecord(evaluatedAt, windowStart, v.segment(), v.verdict(), v.reason(),
                decisive == null ? "" : decisive.indicator(),
                e == null ? Double.NaN : e.canary().events(), e == null ? Double.NaN : e.canary().bad(),
                e == null ? Double.NaN : e.stable().events(), e == null ? Double.NaN : e.stable().bad(),
                e == null ? Double.NaN : e.canaryRate(), e == null ? Double.NaN : e.stableRate(),
                e == null ? Double.NaN : passBoundary ? e.passStatistic() : e.failStatistic(),
                e == null ? Double.NaN : passBoundary ? e.passThreshold() : e.failThreshold(), v.culpritTenants());
    }

    /**
     * Whose numbers the canary fields are: {@code "canary"}, or for a {@code TenantRegression} {@code "tenant NAME on
     * canary"} (the failing tenant's own test, see {@link #of}).
     */
    public String canaryLabel() {
        return VerdictReasons.TENANT_REGRESSION.equals(reason) && !culpritTenants.isEmpty()
                ? "tenant " + culpritTenants.get(0) + " on canary" : "canary";
    }
}
