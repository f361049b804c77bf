package dev.bulkhead.analysis.bench;

/**
 * (b) The check Argo Rollouts / Flagger templates usually encode: every interval, the canary's aggregate error rate
 * over the last five minutes ({@code sum(rate(errors[5m])) / sum(rate(requests[5m]))}) must stay under a threshold
 * (1%: Flagger's default request-success-rate of 99%); the analysis fails once more than {@code failureLimit}
 * measurements failed (Argo's {@code failureLimit: 3}).
 */
final class GlobalThresholdDetector implements Detector {

    private static final int RATE_WINDOW = 5;
    private final double threshold;
    private final int failureLimit;
    private final double[] recentEvents = new double[RATE_WINDOW];
    private final double[] recentBad = new double[RATE_WINDOW];
    private int failures;

    GlobalThresholdDetector(double threshold, int failureLimit) {
        this.threshold = threshold;
        this.failureLimit = failureLimit;
    }

    @Override
    public String name() {
        return "global threshold (< 1% errors over 5m, failureLimit 3)";
    }

    @Override
    public boolean observe(Look look) {
        Population p = look.population();
        double[] events = look.events();
        double[] bad = look.bad();
        double e = 0;
        double b = 0;
        for (int t = 0; t < p.size; t++) {
            if (p.canary[t]) {
                e += events[t];
                b += bad[t];
            }
        }
        recentEvents[look.minute() % RATE_WINDOW] = e;
        recentBad[look.minute() % RATE_WINDOW] = b;
        double we = 0;
        double wb = 0;
        for (int i = 0; i < RATE_WINDOW; i++) {
            we += recentEvents[i];
            wb += recentBad[i];
        }
        if (we > 0 && wb / we >= threshold) {
            failures++;
        }
        return failures > failureLimit;
    }
}
