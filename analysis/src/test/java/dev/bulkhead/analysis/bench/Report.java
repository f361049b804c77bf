package dev.bulkhead.analysis.bench;

import dev.bulkhead.analysis.judge.JudgeConfig;
import dev.bulkhead.analysis.judge.SequentialJudge;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The detection benchmark's markdown: the command, the traffic models, the scenarios, then one row per cell and method. */
final class Report {

    private Report() {
    }

    static void print(PrintStream out, DetectionBenchmark.Options o, JudgeConfig config, List<DetectionBenchmark.Cell> cells,
            double seconds) {
        out.println("command: ./mvnw -B -q -pl analysis exec:java -Pdetection -o -Dexec.args=\"" + String.join(" ", o.args()) + "\"");
        SequentialJudge judge = new SequentialJudge(config, Population.SEGMENTS.length, 1);
        out.printf(Locale.ROOT, "%d runs per cell, seed %d, %.0f requests/minute over %d tenants (segments %s with %s tenants), "
                        + "20%% of each segment's tenants on the canary, one look a minute for %d minutes, a %.0f h pre-exposure window; "
                        + "%.1f s%n",
                o.runs(), o.seed(), o.requestsPerMinute(), Arrays.stream(Population.TENANTS_PER_SEGMENT).sum(),
                String.join("/", Population.SEGMENTS), Arrays.toString(Population.TENANTS_PER_SEGMENT), DetectionBenchmark.MINUTES,
                o.historyHours(), seconds);
        out.printf(Locale.ROOT, "Bulkhead judge: falseRollbackRate %.2f per rollout over %d segments (alpha %.5f per segment test), "
                        + "falsePassRate %.2f (beta %.3f), minSamples %d, minRegression +%.1f pt and x%.1f, tenant tests %s%n%n",
                config.falseRollbackRate(), Population.SEGMENTS.length, judge.alpha(), config.falsePassRate(), judge.beta(),
                config.minSamples(), config.minRegression().absolutePoints(), config.minRegression().relative(),
                config.tenantTests() ? "on" : "off");

        out.println("| traffic model | median normal rate | sigma | worse minority | canary set | sizes | day profile (volume) | scrape | "
                + "day profile (error rates) | tenants without history | relevant regression (false-pass scenario) | fixed-sample n |");
        out.println("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        for (TrafficModel m : o.models()) {
            out.printf(Locale.ROOT, "%s x%.3g (%s -> %s) | %d |%n", m.describe(), m.relevantFactor(), TrafficModel.pct(m.median()),
                    TrafficModel.pct(m.median() * m.relevantFactor()), DetectionBenchmark.fixedSampleSize(m));
        }
        out.println();
        out.println("Rollback probability: share of runs rolled back within the horizon (with Wilson's 95% interval). Pass: share "
                + "of runs in which the method passed (promoted) paying before any rollback; the peers pass when their analysis "
                + "completes at the end of the bake. Minutes and canary requests: medians over the runs that rolled back. "
                + "Wald's floor: median over runs of the SPRT's expected sample size for the hurt tenants' rate before -> after, "
                + "at Bulkhead's alpha and beta, in paying canary requests. Bad requests: served to hurt tenants until the "
                + "rollback (or the horizon, or the pass in the false-pass scenario), mean over all runs.");
        out.println();
        out.println("| traffic model | scenario | method | rollback probability | pass probability | median minutes to rollback | "
                + "median canary requests to rollback (all / paying) | Wald's floor (paying) | mean bad requests served to hurt tenants | "
                + "culprits precision / recall |");
        out.println("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        for (DetectionBenchmark.Cell cell : cells) {
            for (int i = 0; i < cell.tallies().length; i++) {
                Tally t = cell.tallies()[i];
                double[] ci = Tally.wilson(t.rollbacks, t.runs);
                boolean bulkhead = i == 0;
                out.printf(Locale.ROOT, "| %s | %s | %s | %.3f [%.3f, %.3f] | %.3f | %s | %s / %s | %s | %.1f | %s |%n",
                        cell.model().name(), cell.scenario().title(), DetectionBenchmark.METHODS[i], t.rollbackProbability(), ci[0], ci[1],
                        t.passProbability(), number(Tally.median(t.minutes), "%.0f"), number(Tally.median(t.canaryRequests), "%.0f"),
                        number(Tally.median(t.payingCanaryRequests), "%.0f"),
                        bulkhead && !cell.waldFloors().isEmpty() ? number(Tally.median(cell.waldFloors()), "%.0f") : "",
                        t.badServedToHurt / t.runs,
                        bulkhead && t.culpritRuns > 0 ? String.format(Locale.ROOT, "%.2f / %.2f", t.culpritPrecision / t.culpritRuns,
                                t.culpritRecall / t.culpritRuns) : "");
            }
        }
    }

    private static String number(double v, String format) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, format, v);
    }
}
