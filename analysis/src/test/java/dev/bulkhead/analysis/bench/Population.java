package dev.bulkhead.analysis.bench;

import java.util.SplittableRandom;

/**
 * The simulated tenants of one benchmark run: heavy-tailed sizes (Pareto, shape 1.16, the "80/20" tail), a
 * per-tenant baseline error rate (log-normal around 0.1%, σ = 0.5: tenants differ even without a release), a segment
 * each, and whether the tenant is exposed to the canary (20% of every segment's tenants, tenant-sticky, as a route
 * or flag keyed on the tenant would do).
 */
final class Population {

    static final String[] SEGMENTS = {"internal", "free", "paying", "enterprise"};
    static final int[] TENANTS_PER_SEGMENT = {5, 200, 150, 45};
    static final double EXPOSED_SHARE = 0.2;

    /** Length of the pre-exposure window handed to {@link Detector#history}. */
    final double historyMinutes = 24 * 60;
    final int size;
    final int[] segment;
    final boolean[] canary;
    final double[] requestsPerMinute;
    final double[] baseline;
    final double[] canaryErrorRate;

    private Population(int size) {
        this.size = size;
        segment = new int[size];
        canary = new boolean[size];
        requestsPerMinute = new double[size];
        baseline = new double[size];
        canaryErrorRate = new double[size];
    }

    /**
     * @param totalPerMinute requests per minute over all tenants (scaled after drawing sizes)
     * @param regression     what the canary breaks
     */
    static Population draw(SplittableRandom rnd, double totalPerMinute, Regression regression) {
        int n = 0;
        for (int c : TENANTS_PER_SEGMENT) {
            n += c;
        }
        Population p = new Population(n);
        int i = 0;
        double sum = 0;
        for (int s = 0; s < SEGMENTS.length; s++) {
            int exposed = (int) Math.round(TENANTS_PER_SEGMENT[s] * EXPOSED_SHARE);
            for (int k = 0; k < TENANTS_PER_SEGMENT[s]; k++, i++) {
                p.segment[i] = s;
                p.canary[i] = k < Math.max(1, exposed);
                // Pareto(x_m = 1, shape 1.16) by inversion; enterprise tenants are five times larger on average.
                double size = Math.pow(1 - rnd.nextDouble(), -1 / 1.16) * (s == 3 ? 5 : 1);
                p.requestsPerMinute[i] = size;
                sum += size;
                p.baseline[i] = Math.min(0.05, 0.001 * Math.exp(0.5 * gaussian(rnd)));
                p.canaryErrorRate[i] = p.baseline[i];
            }
        }
        for (int t = 0; t < n; t++) {
            p.requestsPerMinute[t] *= totalPerMinute / sum;
        }
        regression.apply(p, rnd);
        return p;
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

        /** {@code count} exposed tenants of one segment, chosen at random, get {@code errorRate}. */
        static Regression tenants(int segment, int count, double errorRate) {
            return (p, rnd) -> {
                int[] exposed = java.util.stream.IntStream.range(0, p.size).filter(t -> p.segment[t] == segment && p.canary[t]).toArray();
                for (int k = 0; k < Math.min(count, exposed.length); k++) {
                    int j = k + rnd.nextInt(exposed.length - k);
                    int tmp = exposed[k];
                    exposed[k] = exposed[j];
                    exposed[j] = tmp;
                    p.canaryErrorRate[exposed[k]] = errorRate;
                }
            };
        }
    }

    boolean hurt(int tenant) {
        return canary[tenant] && canaryErrorRate[tenant] > baseline[tenant];
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

    /** A binomial draw through its Poisson or normal approximation, capped at {@code n}. */
    static long binomial(SplittableRandom rnd, long n, double p) {
        double mean = n * p;
        if (mean > 50 && n * (1 - p) > 50) {
            return Math.min(n, Math.max(0, Math.round(mean + Math.sqrt(mean * (1 - p)) * gaussian(rnd))));
        }
        return Math.min(n, poisson(rnd, mean));
    }
}
