package dev.bulkhead.analysis.bench;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * How one run's counts reach the detectors: Prometheus scrapes every tenant's series every
 * {@link TrafficModel#scrapeSeconds} seconds, at a random phase, and a look at the end of minute k sees the counts up to
 * the last scrape at or before it. Counts are drawn per scrape interval (a tile, Poisson at the tenant's rate on the day
 * profile, its bad requests binomial at the tenant's current rate) and each tile goes to the look window its scrape falls
 * in, so the tiles add up to the run's total and a look's counts are exact per-series deltas between scrapes — what a
 * judge gets from raw samples, not from {@code increase()}, whose extrapolation this benchmark does not model.
 *
 * <p>Because the deltas are exact, the "new series appear with the canary" effect (a series' first increment, which
 * {@code increase()} never counts, and every canary pod × tenant × code series is new) does not exist here either.
 *
 * <p>The canary starts at time 0 and everything before it is the pre-exposure window ({@link #history}); the first
 * look's first tile starts at 0 for every tenant (a stable tenant's few seconds between its last scrape before 0 and 0
 * are left out rather than counted twice). Requests a detector has not seen yet when it rolls back (those after the
 * last scrape) are served all the same; the benchmark leaves them out of the bad requests served, under 30 s of a
 * minute for every method alike.
 */
final class Scrapes {

    private final Population p;
    private final int interval;
    /** Seconds from the canary's start to the next scrape. */
    private double next;
    private double lastScrape;

    Scrapes(Population p, SplittableRandom rnd) {
        this.p = p;
        this.interval = p.model.scrapeSeconds();
        double phase = rnd.nextDouble() * interval;
        this.next = phase > 0 ? phase : interval;
    }

    /**
     * Per tenant, requests and bad requests on stable over the {@link Population#historyMinutes} before the canary
     * started, at the tenant's normal rate and the day profiles (none for a tenant without history). The total is drawn at once: a sum of independent
     * Poisson counts is Poisson with the summed mean, so drawing it minute by minute would give the same law.
     */
    void history(SplittableRandom rnd, double[] events, double[] bad) {
        double volume = p.volumeIntegral(-p.historyMinutes, 0);
        double errors = p.meanErrorProfile(-p.historyMinutes, 0);
        for (int t = 0; t < p.size; t++) {
            events[t] = p.hasHistory[t] ? Population.poisson(rnd, p.requestsPerMinute[t] * volume) : 0;
            bad[t] = Population.binomial(rnd, (long) events[t], Math.min(1, p.baseline[t] * errors));
        }
    }

    /** Fills the counts the look at the end of minute {@code minute} sees (scrapes in (previous look, this look]). */
    void look(SplittableRandom rnd, int minute, double[] events, double[] bad) {
        Arrays.fill(events, 0);
        Arrays.fill(bad, 0);
        double end = 60.0 * (minute + 1);
        while (next <= end) {
            double volume = p.volumeIntegral(lastScrape / 60, next / 60);
            double errors = p.errorProfile((lastScrape + next) / 120);
            for (int t = 0; t < p.size; t++) {
                long e = Population.poisson(rnd, p.requestsPerMinute[t] * volume);
                if (e > 0) {
                    events[t] += e;
                    bad[t] += Population.binomial(rnd, e, Math.min(1, p.errorRate(t) * errors));
                }
            }
            lastScrape = next;
            next += interval;
        }
    }
}
