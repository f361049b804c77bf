package dev.bulkhead.analysis.bench;

/**
 * A global fixed-sample comparison: wait until the canary has served {@code n} requests (sized in advance for
 * the relevant regression at the model's median rate), then one one-sided two-proportion z-test of the pooled canary
 * against the pooled stable error rate. It looks once, so it is valid, but it decides late and on the aggregate. It
 * promotes at the end of the bake when its one test did not reject (or never ran).
 */
final class GlobalFixedSampleDetector implements Detector {

    private final long n;
    private final double zAlpha;
    private double ce;
    private double cb;
    private double se;
    private double sb;
    private boolean decided;
    private boolean promoted;

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
        if (!decided) {
            for (int t = 0; t < look.population().size; t++) {
                ce += look.canaryEvents(t);
                cb += look.canaryBad(t);
                se += look.stableEvents(t);
                sb += look.stableBad(t);
            }
            if (ce >= n) {
                decided = true;
                double pc = cb / ce;
                double ps = sb / se;
                double pooled = (cb + sb) / (ce + se);
                double z = (pc - ps) / Math.sqrt(pooled * (1 - pooled) * (1 / ce + 1 / se));
                if (z > zAlpha) {
                    return true;
                }
            }
        }
        promoted |= look.bakeComplete()[DetectionBenchmark.PAYING];
        return false;
    }

    @Override
    public boolean passed(int segment) {
        return promoted;
    }
}
