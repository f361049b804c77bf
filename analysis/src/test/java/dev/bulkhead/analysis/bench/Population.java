package dev.bulkhead.analysis.bench;

import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * The simulated tenants of one benchmark run, drawn from a {@link TrafficModel}: a size and a normal error rate each
 * (tenants differ even without a release), a segment each, whether the tenant is exposed to the canary (20% of every
 * segment's tenants, tenant-sticky, as a route or flag keyed on the tenant would do), and the phase of the day at
 * which the rollout starts.
 */
final class Population {

    static final String[] SEGMENTS = {"internal", "free", "paying", "enterprise"};
    static final int[] TENANTS_PER_SEGMENT = {5, 200, 150, 45};
    static final double EXPOSED_SHARE = 0.2;
    static final double MINUTES_PER_DAY = 24 * 60;
    /** No tenant's normal rate above this (a lognormal with σ = 1 around 2% would otherwise reach 40% now and then). */
    static final double MAX_BASELINE = 0.3;

    final TrafficModel model;
    /** Length of the pre-exposure window handed to {@link Detector#history}. */
    final double historyMinutes;
    final int size;
    final int[] segment;
    final boolean[] canary;
    /** Mean over the day; the request rate at a time is this times {@link #volume(double)}. */
    final double[] requestsPerMinute;
    final double[] baseline;
    final double[] canaryErrorRate;
    /** Whether the tenant served during the pre-exposure window (a new tenant has no history). */
    final boolean[] hasHistory;
    /** Phase of the day profile at the rollout's start, in radians. */
    final double dayPhase;

    private Population(TrafficModel model, double historyMinutes, int size, double dayPhase) {
        this.model = model;
        this.historyMinutes = historyMinutes;
        this.size = size;
        this.dayPhase = dayPhase;
        segment = new int[size];
        canary = new boolean[size];
        requestsPerMinute = new double[size];
        baseline = new double[size];
        canaryErrorRate = new double[size];
        hasHistory = new boolean[size];
    }

    /**
     * @param totalPerMinute mean requests per minute over all tenants (sizes are scaled after drawing)
     * @param regression     what the canary breaks
     */
    static Population draw(SplittableRandom rnd, TrafficModel model, double totalPerMinute, double historyMinutes,
            Regression regression) {
        int n = Arrays.stream(TENANTS_PER_SEGMENT).sum();
        Population p = new Population(model, historyMinutes, n, 2 * Math.PI * rnd.nextDouble());
        double[] zipf = model.sizes() == TrafficModel.Sizes.ZIPF ? zipfSizes(rnd, n) : null;
        int i = 0;
        double sum = 0;
        for (int s = 0; s < SEGMENTS.length; s++) {
            int first = i;
            for (int k = 0; k < TENANTS_PER_SEGMENT[s]; k++, i++) {
                p.segment[i] = s;
                double size = model.sizes() == TrafficModel.Sizes.PARETO
                        ? Math.pow(1 - rnd.nextDouble(), -1 / 1.16) // Pareto(x_m = 1, shape 1.16) by inversion
                        : zipf[i];
                size *= s == 3 ? 5 : 1; // enterprise tenants are five times larger on average
                p.requestsPerMinute[i] = size;
                sum += size;
                double rate = model.median() * Math.exp(model.sigma() * gaussian(rnd));
                if (rnd.nextDouble() < model.worseShare()) {
                    rate *= model.worseFactor();
                }
                p.baseline[i] = Math.min(MAX_BASELINE, rate);
                p.canaryErrorRate[i] = p.baseline[i];
                p.hasHistory[i] = model.newShare() == 0 || rnd.nextDouble() >= model.newShare();
            }
            p.expose(first, i);
        }
        for (int t = 0; t < n; t++) {
            p.requestsPerMinute[t] *= totalPerMinute / sum;
        }
        regression.apply(p, rnd);
        return p;
    }

    /** Puts 20% (at least one) of the segment's tenants {@code [from, to)} on the canary, as the model says. */
    private void expose(int from, int to) {
        int exposed = Math.max(1, (int) Math.round((to - from) * EXPOSED_SHARE));
        Integer[] order = IntStream.range(from, to).boxed().toArray(Integer[]::new);
        if (model.canarySet() == TrafficModel.CanarySet.WORST) {
            Arrays.sort(order, Comparator.comparingDouble((Integer t) -> baseline[t]).reversed());
        }
        // RANDOM: the tenants were drawn independently, so the first ones are a random set.
        for (int k = 0; k < exposed; k++) {
            canary[order[k]] = true;
        }
    }

    /** Zipf(1) sizes by rank, the ranks shuffled over the tenants (Fisher–Yates). */
    private static double[] zipfSizes(SplittableRandom rnd, int n) {
        double[] sizes = new double[n];
        for (int r = 0; r < n; r++) {
            sizes[r] = 1.0 / (r + 1);
        }
        for (int k = n - 1; k > 0; k--) {
            int j = rnd.nextInt(k + 1);
            double tmp = sizes[k];
            sizes[k] = sizes[j];
            sizes[j] = tmp;
        }
        return sizes;
    }

    /** The day profile: request rates at {@code minute} (0 = rollout start) relative to the day's mean. */
    double volume(double minute) {
        return 1 + model.diurnal() * Math.sin(dayPhase + 2 * Math.PI * minute / MINUTES_PER_DAY);
    }

    /** The day profile of error rates at {@code minute}: every tenant's rate, canary or stable, times this. */
    double errorProfile(double minute) {
        return 1 + model.errorDiurnal() * Math.sin(dayPhase + 2 * Math.PI * minute / MINUTES_PER_DAY);
    }

    /**
     * The factor of a tenant's normal rate over the volume-weighted window {@code [from, to)}: its bad requests there are
     * binomial in its requests at {@code baseline × this} (a minute-step integral; the profiles change over hours).
     */
    double meanErrorProfile(double from, double to) {
        if (model.errorDiurnal() == 0) {
            return 1;
        }
        double weighted = 0;
        double volume = 0;
        for (double m = from + 0.5; m < to; m++) {
            weighted += volume(m) * errorProfile(m);
            volume += volume(m);
        }
        return weighted / volume;
    }

    /** ∫ volume over {@code [from, to)} minutes, in closed form (a whole day integrates to its length). */
    double volumeIntegral(double from, double to) {
        double w = 2 * Math.PI / MINUTES_PER_DAY;
        return (to - from) - model.diurnal() / w * (Math.cos(dayPhase + w * to) - Math.cos(dayPhase + w * from));
    }

    /** A canary defect and the tenants it hurts. */
    interface Regression {
        void apply(Population p, SplittableRandom rnd);

        /** No defect: canary behaves exactly like stable (an A/A run). */
        static Regression none() {
            return (p, rnd) -> {
            };
        }

        /** Every exposed tenant of one segment gets {@code factor} times its error rate. */
        static Regression segment(int segment, double factor) {
            return (p, rnd) -> {
                for (int t = 0; t < p.size; t++) {
                    if (p.segment[t] == segment && p.canary[t]) {
                        p.canaryErrorRate[t] = Math.min(1, p.baseline[t] * factor);
                    }
                }
            };
        }

        /** {@code count} exposed tenants of one segment, chosen at random, get {@code errorRate} (unless already worse). */
        static Regression tenants(int segment, int count, double errorRate) {
            return (p, rnd) -> {
                int[] exposed = IntStream.range(0, p.size).filter(t -> p.segment[t] == segment && p.canary[t]).toArray();
                for (int k = 0; k < Math.min(count, exposed.length); k++) {
                    int j = k + rnd.nextInt(exposed.length - k);
                    int tmp = exposed[k];
                    exposed[k] = exposed[j];
                    exposed[j] = tmp;
                    p.canaryErrorRate[exposed[k]] = Math.max(errorRate, p.baseline[exposed[k]]);
                }
            };
        }
    }

    boolean hurt(int tenant) {
        return canary[tenant] && canaryErrorRate[tenant] > baseline[tenant];
    }

    /** The rate a tenant's requests fail at now (canary or stable). */
    double errorRate(int tenant) {
        return canary[tenant] ? canaryErrorRate[tenant] : baseline[tenant];
    }

    static double gaussian(SplittableRandom rnd) {
        // Box–Muller; SplittableRandom has no nextGaussian on Java 17.
        double u = 1 - rnd.nextDouble();
        double v = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    /** A Poisson draw: inversion for small means, a rounded normal beyond 50 (error far below the benchmark's noise). */
    static long poisson(SplittableRandom rnd, double mean) {
        if (mean <= 0) {
            return 0;
        }
        if (mean > 50) {
            return Math.max(0, Math.round(mean + Math.sqrt(mean) * gaussian(rnd)));
        }
        double l = Math.exp(-mean);
        long k = 0;
        double prod = rnd.nextDouble();
        while (prod > l) {
            k++;
            prod *= rnd.nextDouble();
        }
        return k;
    }

    /**
     * A binomial draw: exact (n Bernoulli trials) for a few trials at a high rate, where the Poisson approximation
     * would overstate the spread; otherwise through its Poisson or normal approximation, capped at {@code n}.
     */
    static long binomial(SplittableRandom rnd, long n, double p) {
        double mean = n * p;
        if (p > 0.05 && n <= 100) {
            long k = 0;
            for (long i = 0; i < n; i++) {
                k += rnd.nextDouble() < p ? 1 : 0;
            }
            return k;
        }
        if (mean > 50 && n * (1 - p) > 50) {
            return Math.min(n, Math.max(0, Math.round(mean + Math.sqrt(mean * (1 - p)) * gaussian(rnd))));
        }
        return Math.min(n, poisson(rnd, mean));
    }
}
