package dev.bulkhead.analysis.culprit;

import dev.bulkhead.analysis.judge.ArmCounts;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Names the tenants of a failing segment whose canary traffic carries the regression. Each canary tenant is
 * tested against the segment's stable rate (a tenant is wholly canary or wholly stable under tenant stickiness,
 * so its own stable rate does not exist) with an exact one-sided binomial test; Holm's step-down procedure
 * (Holm 1979) over all canary tenants of the segment keeps the family-wise error rate at {@code familyRate}, so
 * a segment of 500 tenants does not blame the unlucky few that noise alone would flag.
 */
public final class CulpritFinder {

    private CulpritFinder() {
    }

    /**
     * @param canaryByTenant counts per canary tenant of the segment
     * @param stable         the segment's stable counts over the same window
     * @return tenants with positive excess, most excess bad events first; {@code significant} marks the culprits
     */
    public static List<CulpritTenant> rank(String indicator, Map<String, ArmCounts> canaryByTenant, ArmCounts stable,
            double familyRate) {
        // Half an event keeps a clean stable arm from making every canary error infinitely surprising.
        double p = (stable.bad() + 0.5) / (stable.events() + 1);
        record Test(String tenant, ArmCounts counts, double expected, double pValue) {
        }
        List<Test> tests = new ArrayList<>();
        canaryByTenant.forEach((tenant, c) -> {
            if (c.events() > 0) {
                long n = Math.round(c.events());
                long k = Math.min(Math.round(c.bad()), n);
                tests.add(new Test(tenant, c, c.events() * p, BinomialTail.atLeast(k, n, p)));
            }
        });
        List<Test> byP = new ArrayList<>(tests);
        byP.sort(Comparator.comparingDouble(Test::pValue).thenComparing(Test::tenant));
        int m = byP.size();
        List<CulpritTenant> out = new ArrayList<>();
        boolean stillRejecting = true;
        for (int i = 0; i < m; i++) {
            Test t = byP.get(i);
            double threshold = familyRate / (m - i);
            boolean significant = stillRejecting && t.pValue() <= threshold;
            stillRejecting = significant;
            double excess = t.counts().bad() - t.expected();
            if (excess > 0) {
                out.add(new CulpritTenant(t.tenant(), indicator, t.counts().events(), t.counts().bad(), t.expected(), excess,
                        t.pValue(), threshold, significant));
            }
        }
        out.sort(Comparator.comparingDouble(CulpritTenant::excessBad).reversed().thenComparing(CulpritTenant::tenant));
        return out;
    }
}
