package dev.bulkhead.analysis.bench;

/**
 * Flagger's default canary analysis as its users write it: every {@code interval: 1m} the builtin
 * {@code request-success-rate} check ({@code sum(rate(non-5xx[1m])) / sum(rate(all[1m]))} over the whole canary, every
 * tenant together) must be at least {@code thresholdRange.min: 99}; the canary is rolled back once {@code threshold: 5}
 * checks have failed (Flagger counts failed checks over the analysis, it does not need them in a row). After the
 * analysis' iterations (the bake) without reaching the threshold, Flagger promotes: the pass of every segment.
 *
 * <p>A look's counts stand for {@code rate(x[1m])} at the look: the check is a ratio of two rates over the same window,
 * so Prometheus' extrapolation cancels. A window without canary requests gives Flagger "no values found", which halts
 * the analysis without counting a failed check; the benchmark skips such a look the same way.
 */
final class FlaggerDetector implements Detector {

    private static final double MIN_SUCCESS_RATE = 0.99;
    private static final int THRESHOLD = 5;
    private int failedChecks;
    private boolean promoted;

    @Override
    public String name() {
        return "Flagger default (success rate >= 99% over 1m, threshold 5)";
    }

    @Override
    public boolean observe(Look look) {
        if (promoted) {
            return false;
        }
        double events = 0;
        double bad = 0;
        for (int t = 0; t < look.population().size; t++) {
            events += look.canaryEvents(t);
            bad += look.canaryBad(t);
        }
        if (events > 0 && 1 - bad / events < MIN_SUCCESS_RATE) {
            failedChecks++;
        }
        if (failedChecks >= THRESHOLD) {
            return true;
        }
        promoted = look.bakeComplete()[DetectionBenchmark.PAYING];
        return false;
    }

    @Override
    public boolean passed(int segment) {
        return promoted;
    }
}
