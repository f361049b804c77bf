package dev.bulkhead.analysis.bench;

import java.util.ArrayList;
import java.util.List;

/** What one method did over the runs of one traffic model and scenario. */
final class Tally {

    int runs;
    int rollbacks;
    int passes;
    final List<Double> minutes = new ArrayList<>();
    final List<Double> canaryRequests = new ArrayList<>();
    final List<Double> payingCanaryRequests = new ArrayList<>();
    double badServedToHurt;
    double hurtTenantsWithBad;
    int culpritRuns;
    double culpritPrecision;
    double culpritRecall;

    double rollbackProbability() {
        return rollbacks / (double) runs;
    }

    double passProbability() {
        return passes / (double) runs;
    }

    static double median(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** Wilson's 95% score interval of a proportion: {@code [low, high]}. */
    static double[] wilson(int successes, int n) {
        double z = 1.959964;
        double p = successes / (double) n;
        double centre = (p + z * z / (2 * n)) / (1 + z * z / n);
        double half = z / (1 + z * z / n) * Math.sqrt(p * (1 - p) / n + z * z / (4.0 * n * n));
        return new double[] {Math.max(0, centre - half), Math.min(1, centre + half)};
    }
}
