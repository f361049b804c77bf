package dev.bulkhead.analysis.bench;

import dev.bulkhead.analysis.judge.MinRegression;
import java.util.List;
import java.util.Locale;

/**
 * How the simulated tenants differ from each other and how their counts reach a look: the benchmark's "traffic model"
 * dimension. Each tenant's normal error rate is {@code median × lognormal(0, sigma)}; a share of tenants (the "worse
 * minority", an integration that fails every day) has {@code worseFactor} times that; tenant sizes are Pareto or Zipf;
 * volume may follow a day profile; counts are exact deltas between Prometheus scrapes.
 *
 * @param name           short name, used on the command line ({@code --models})
 * @param median         median normal error rate of a tenant
 * @param sigma          spread of the tenants' normal error rates (log scale)
 * @param worseShare     share of tenants several times worse than the median
 * @param worseFactor    how much worse they are
 * @param canarySet      which 20% of each segment's tenants are on the canary
 * @param sizes          how tenant sizes are drawn
 * @param diurnal        amplitude of the day profile of request rates (0: flat; 0.5: peak 1.5×, trough 0.5× the mean)
 * @param scrapeSeconds  Prometheus scrape interval (divides 60)
 * @param errorDiurnal   amplitude of a day profile of every tenant's error rate, in phase with the volume (errors rise
 *                       with load): the rate at the rollout's hour is then not the rate of the 24 h before it, which only
 *                       a control for time (the stable tenants over the same period) takes out
 * @param newShare       share of tenants with no pre-exposure history (new tenants, whose first requests come with the rollout)
 */
record TrafficModel(String name, double median, double sigma, double worseShare, double worseFactor, CanarySet canarySet,
        Sizes sizes, double diurnal, int scrapeSeconds, double errorDiurnal, double newShare) {

    /** Which tenants of a segment the canary serves. */
    enum CanarySet {
        /** A random 20% (tenant-sticky routing keyed on a hash of the tenant). */
        RANDOM,
        /** The 20% with the highest normal error rate: the adversarial case, a canary set drawn from the worse tenants. */
        WORST
    }

    /** How tenant sizes are drawn. */
    enum Sizes {
        /** Pareto, shape 1.16 (the 80/20 tail), independently per tenant. */
        PARETO,
        /** Zipf, exponent 1: the tenant of rank r has 1/r of the largest's traffic, ranks shuffled over the segments. */
        ZIPF
    }

    /** A model whose error rates are flat over the day and whose tenants all have a history. */
    TrafficModel(String name, double median, double sigma, double worseShare, double worseFactor, CanarySet canarySet,
            Sizes sizes, double diurnal, int scrapeSeconds) {
        this(name, median, sigma, worseShare, worseFactor, canarySet, sizes, diurnal, scrapeSeconds, 0, 0);
    }

    TrafficModel {
        if (60 % scrapeSeconds != 0) {
            throw new IllegalArgumentException("scrape interval must divide a minute, got " + scrapeSeconds + " s");
        }
    }

    /**
     * The models of the report. The first is today's benchmark (up to a 15 s scrape with a random phase, so a look
     * sees up to 15 s less than its minute); the second changes only the scrape interval; the others add one kind of
     * difference between tenants at a time, then several of them together; the last two change what the history says:
     * error rates that follow the day, and tenants without a history.
     */
    static List<TrafficModel> all() {
        return List.of(
                new TrafficModel("s0.5-0.1%", 0.001, 0.5, 0, 1, CanarySet.RANDOM, Sizes.PARETO, 0, 15),
                new TrafficModel("s0.5-0.1%-30s", 0.001, 0.5, 0, 1, CanarySet.RANDOM, Sizes.PARETO, 0, 30),
                new TrafficModel("s1.0-0.1%", 0.001, 1.0, 0, 1, CanarySet.RANDOM, Sizes.PARETO, 0, 15),
                new TrafficModel("s0.5-0.5%", 0.005, 0.5, 0, 1, CanarySet.RANDOM, Sizes.PARETO, 0, 15),
                new TrafficModel("s1.0-0.5%", 0.005, 1.0, 0, 1, CanarySet.RANDOM, Sizes.PARETO, 0, 15),
                new TrafficModel("s0.5-2%", 0.02, 0.5, 0, 1, CanarySet.RANDOM, Sizes.PARETO, 0, 15),
                new TrafficModel("s1.0-2%", 0.02, 1.0, 0, 1, CanarySet.RANDOM, Sizes.PARETO, 0, 15),
                new TrafficModel("worse5%", 0.005, 1.0, 0.05, 5, CanarySet.RANDOM, Sizes.PARETO, 0, 15),
                new TrafficModel("adversarial", 0.005, 1.0, 0.05, 5, CanarySet.WORST, Sizes.PARETO, 0, 15),
                new TrafficModel("zipf-diurnal-30s", 0.005, 1.0, 0.05, 5, CanarySet.RANDOM, Sizes.ZIPF, 0.5, 30),
                new TrafficModel("adversarial-0.1%-30s", 0.001, 1.0, 0.05, 5, CanarySet.WORST, Sizes.ZIPF, 0.5, 30),
                new TrafficModel("errors-daily", 0.005, 0.5, 0, 1, CanarySet.RANDOM, Sizes.PARETO, 0.5, 15, 0.5, 0),
                new TrafficModel("new-tenants", 0.005, 0.5, 0, 1, CanarySet.RANDOM, Sizes.PARETO, 0, 15, 0, 0.1));
    }

    /**
     * The factor of the false-pass scenario: 1.25 × the relevant ratio of {@link MinRegression#defaults()} at the
     * median rate, so the regression is relevant (×7.5 at 0.1%, where +0.5 points rules; ×2.5 at 0.5%; ×1.875 at 2%,
     * where ×1.5 rules) but not so large that any rule would catch it.
     */
    double relevantFactor() {
        return 1.25 * MinRegression.defaults().relevantRatio(median);
    }

    String describe() {
        return String.format(Locale.ROOT, "| %s | %s | %.1f | %s | %s | %s | %s | %d s | %s | %s |", name, pct(median), sigma,
                worseShare == 0 ? "-" : String.format(Locale.ROOT, "%.0f%% of tenants ×%.0f", worseShare * 100, worseFactor),
                canarySet == CanarySet.RANDOM ? "random 20%" : "highest-rate 20%",
                sizes == Sizes.PARETO ? "Pareto 1.16" : "Zipf 1", diurnal == 0 ? "flat" : String.format(Locale.ROOT, "±%.0f%%", diurnal * 100),
                scrapeSeconds, errorDiurnal == 0 ? "flat" : String.format(Locale.ROOT, "±%.0f%%", errorDiurnal * 100),
                newShare == 0 ? "-" : String.format(Locale.ROOT, "%.0f%%", newShare * 100));
    }

    static String pct(double rate) {
        return String.format(Locale.ROOT, "%.3g%%", rate * 100);
    }
}
