package dev.bulkhead.analysis.bench;

/**
 * Argo Rollouts' AnalysisTemplate as commonly written for an error rate: a Prometheus metric with {@code interval: 1m},
 * {@code failureLimit: 3} and {@code successCondition: result[0] < 2 * <normal error rate>}, the query
 * {@code sum(rate(errors{canary}[5m])) / sum(rate(requests{canary}[5m]))} over the whole canary, every tenant
 * together. The normal rate is the service's historical rate on stable (here the pre-exposure window over all tenants,
 * what a user reads off a dashboard and writes into the template). The run fails once more than {@code failureLimit}
 * measurements failed; after {@code count} measurements (the bake) it succeeds: the pass of every segment.
 */
final class ArgoDetector implements Detector {

    private static final int RATE_WINDOW = 5;
    private static final int FAILURE_LIMIT = 3;
    private static final double FACTOR = 2;
    private final double[] recentEvents = new double[RATE_WINDOW];
    private final double[] recentBad = new double[RATE_WINDOW];
    private double normalRate = Double.NaN;
    private int failed;
    private boolean succeeded;

    @Override
    public String name() {
        return "Argo Rollouts (error rate over 5m < 2x normal, interval 1m, failureLimit 3)";
    }

    @Override
    public void history(Population population, double[] events, double[] bad) {
        double e = 0;
        double b = 0;
        for (int t = 0; t < population.size; t++) {
            e += events[t];
            b += bad[t];
        }
        normalRate = b / e;
    }

    @Override
    public boolean observe(Look look) {
        if (succeeded) {
            return false;
        }
        double e = 0;
        double b = 0;
        for (int t = 0; t < look.population().size; t++) {
            e += look.canaryEvents(t);
            b += look.canaryBad(t);
        }
        recentEvents[look.minute() % RATE_WINDOW] = e;
        recentBad[look.minute() % RATE_WINDOW] = b;
        double we = 0;
        double wb = 0;
        for (int i = 0; i < RATE_WINDOW; i++) {
            we += recentEvents[i];
            wb += recentBad[i];
        }
        if (we > 0 && !(wb / we < FACTOR * normalRate)) {
            failed++;
        }
        if (failed > FAILURE_LIMIT) {
            return true;
        }
        succeeded = look.bakeComplete()[DetectionBenchmark.PAYING];
        return false;
    }

    @Override
    public boolean passed(int segment) {
        return succeeded;
    }
}
