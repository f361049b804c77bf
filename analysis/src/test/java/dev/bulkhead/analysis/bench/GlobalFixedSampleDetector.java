package dev.bulkhead.analysis.bench;

/**
 * (c) A global fixed-sample comparison: wait until the canary has served {@code n} requests (sized in advance for
 * the relevant regression at the baseline rate), then one one-sided two-proportion z-test of the pooled canary
 * against the pooled stable error rate. It looks once, so it is valid, but it decides late and on the aggregate.
 */
final class GlobalFixedSampleDetector implements Detector {

    private final long n;
    private final double zAlpha;
    private double ce;
    private double cb;
    private double se;
    private double sb;
    private boolean decided;

    GlobalFixedSampleDetector(long n, double zAlpha) {
        this.n = n;
        this.zAlpha = zAlpha;
    }

    /** Per-arm sample size of the one-sided two-proportion z-test (normal approximation). */
    static long sampleSize(double p0, double p1, double zAlpha, double zBeta) {
        double pBar = (p0 + p1) / 2;
        double a = zAlpha * Math.sqrt(2 * pBar * (1 - pBar)) + zBeta * Math.sqrt(p0 * (1 - p0) + p1 * (1 - p1));
        return (long) Math.ceil(a * a / ((p1 - p0) * (p1 - p0)));
    }

    @Override
    public String name() {
        return "global fixed-sample z-test (n = " + n + " canary requests)";
    }

    @Override
    public boolean observe(Look look) {
        Population p = look.population();
        double[] events = look.events();
        double[] bad = look.bad();
        if (decided) {
            return false;
        }
        for (int t = 0; t < p.size; t++) {
            if (p.canary[t]) {
                ce += events[t];
                cb += bad[t];
            } else {
                se += events[t];
                sb += bad[t];
            }
        }
        if (ce < n) {
            return false;
        }
        decided = true;
        double pc = cb / ce;
        double ps = sb / se;
        double pooled = (cb + sb) / (ce + se);
        double z = (pc - ps) / Math.sqrt(pooled * (1 - pooled) * (1 / ce + 1 / se));
        return z > zAlpha;
    }
}
