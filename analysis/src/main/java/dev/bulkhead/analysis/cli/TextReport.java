package dev.bulkhead.analysis.cli;

import dev.bulkhead.analysis.SegmentAnalysis;
import dev.bulkhead.analysis.SegmentVerdict;
import dev.bulkhead.analysis.culprit.CulpritTenant;
import dev.bulkhead.analysis.judge.Evidence;
import dev.bulkhead.analysis.judge.IndicatorVerdict;
import dev.bulkhead.analysis.judge.TenantRegression;
import dev.bulkhead.analysis.model.Durations;
import dev.bulkhead.analysis.slo.BurnAlert;
import dev.bulkhead.analysis.slo.IndicatorBudget;
import dev.bulkhead.analysis.slo.SegmentBudget;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;

/** The human form of a {@link SegmentAnalysis}; the kubectl plugin's {@code analyze} prints the same. */
public final class TextReport {

    private TextReport() {
    }

    public static void print(SegmentAnalysis a, PrintWriter out) {
        out.printf(Locale.ROOT, "analysis at %s, window %s (from %s)%n", a.evaluatedAt(),
                Durations.format(Duration.between(a.windowStart(), a.evaluatedAt())), a.windowStart());
        out.printf(Locale.ROOT, "%-16s %-22s %-28s %s%n", "SEGMENT", "VERDICT", "REASON", "CULPRITS");
        for (SegmentVerdict s : a.segments()) {
            out.printf(Locale.ROOT, "%-16s %-22s %-28s %s%n", s.segment(), s.verdict(), s.reason(),
                    s.culpritTenants().isEmpty() ? "-" : String.join(",", s.culpritTenants()));
        }
        out.println();
        for (SegmentVerdict s : a.segments()) {
            for (IndicatorVerdict i : s.indicators()) {
                Evidence e = i.evidence();
                if (e == null) {
                    out.printf(Locale.ROOT, "%s/%s: %s %s: %s%n", s.segment(), i.indicator(), i.verdict(), i.reason(), i.message());
                    continue;
                }
                out.printf(Locale.ROOT,
                        "%s/%s: %s %s  canary %.0f/%.0f (%s)  stable %.0f/%.0f (%s)  evidence %.2f / threshold %.2f  alpha %.2g%n",
                        s.segment(), i.indicator(), i.verdict(), i.reason(), e.canary().bad(), e.canary().events(),
                        pct(e.canaryRate()), e.stable().bad(), e.stable().events(), pct(e.stableRate()), e.failStatistic(),
                        e.failThreshold(), e.alpha());
                for (TenantRegression t : e.tenantRegressions()) {
                    out.printf(Locale.ROOT, "  tenant %-20s %s bad %.0f of %.0f (%s) vs baseline %s, tenant test %.2f / threshold %.2f%n",
                            t.tenant(), i.indicator(), t.bad(), t.events(), pct(t.canaryRate()), pct(t.baselineRate()),
                            t.statistic(), t.threshold());
                }
            }
            for (CulpritTenant c : s.culprits()) {
                out.printf(Locale.ROOT, "  tenant %-20s %s bad %.0f of %.0f, expected %.1f, excess %.1f, p=%.2g%s%n", c.tenant(),
                        c.indicator(), c.canaryBad(), c.canaryEvents(), c.expectedBad(), c.excessBad(), c.pValue(),
                        c.significant() ? " (culprit)" : "");
            }
        }
        if (a.budgets() != null) {
            out.println();
            for (SegmentBudget b : a.budgets().segments()) {
                for (IndicatorBudget ib : b.indicators()) {
                    StringBuilder alerts = new StringBuilder();
                    for (BurnAlert al : ib.alerts()) {
                        alerts.append(String.format(Locale.ROOT, " %s/%s %.2fx/%.2fx%s", Durations.format(al.condition().longWindow()),
                                Durations.format(al.condition().shortWindow()), al.longBurnRate(), al.shortBurnRate(),
                                al.firing() ? "(firing)" : ""));
                    }
                    out.printf(Locale.ROOT, "budget %s/%s [%s]: remaining %s%s;%s%n", b.segment(), ib.indicator(), ib.scope(),
                            pct(ib.remainingBudget()), ib.exhausted() ? " EXHAUSTED" : "", alerts);
                }
            }
            a.budgets().warnings().forEach(w -> out.println("warning: " + w));
        }
        a.warnings().forEach(w -> out.println("warning: " + w));
    }

    private static String pct(double rate) {
        return Double.isNaN(rate) ? "n/a" : String.format(Locale.ROOT, "%.3f%%", rate * 100);
    }
}
