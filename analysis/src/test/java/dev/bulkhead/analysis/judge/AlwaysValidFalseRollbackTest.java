package dev.bulkhead.analysis.judge;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded simulations of the judge's error rates. A/A runs (canary and stable share one error rate) are looked at
 * every interval for 60 intervals with a changing traffic split; the always-valid test must keep the share of runs
 * that ever cross the fail boundary at or under α, where a fixed-sample test looked at 60 times would not.
 */
class AlwaysValidFalseRollbackTest {

    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    @Test
    void aaRunsCrossTheFailBoundaryNoMoreOftenThanAlpha() {
        double alpha = 0.05;
        JudgeConfig config = JudgeConfig.defaults().withFalseRollbackRate(alpha)
                .withMinRegression(new MinRegression(null, 1.25)).withMinSamples(1);
        int runs = 2000;
        int crossed = 0;
        int naiveCrossed = 0;
        for (int seed = 0; seed < runs; seed++) {
            Random rnd = new Random(seed);
            SequentialJudge judge = new SequentialJudge(config, 1, 1);
            TestState state = null;
            boolean everCrossed = false;
            boolean naiveEver = false;
            double pooledC = 0;
            double pooledXc = 0;
            double pooledS = 0;
            double pooledXs = 0;
            for (int look = 0; look < 60; look++) {
                double share = look < 20 ? 0.05 : look < 40 ? 0.25 : 0.5;
                long nc = Math.round(4000 * share);
                long ns = 4000 - nc;
                long xc = binomial(rnd, nc, 0.01);
                long xs = binomial(rnd, ns, 0.01);
                SequentialJudge.Outcome out = judge.judge(new SequentialJudge.Look("s", "i", 0.001, new ArmCounts(nc, xc),
                        new ArmCounts(ns, xs), T0, T0, false), state);
                state = out.state();
                everCrossed |= out.verdict().evidence().failStatistic() >= out.verdict().evidence().failThreshold();
                pooledC += nc;
                pooledXc += xc;
                pooledS += ns;
                pooledXs += xs;
                naiveEver |= zStatistic(pooledXc, pooledC, pooledXs, pooledS) > 1.6449; // one-sided 5%, re-tested each look
            }
            crossed += everCrossed ? 1 : 0;
            naiveCrossed += naiveEver ? 1 : 0;
        }
        double rate = crossed / (double) runs;
        // Three standard errors of a binomial proportion at α over 2000 runs is 0.0146.
        assertThat(rate).isLessThanOrEqualTo(alpha + 3 * Math.sqrt(alpha * (1 - alpha) / runs));
        // The same data, judged by a fixed-sample z-test at every look, rolls back far more often than α.
        assertThat(naiveCrossed / (double) runs).isGreaterThan(2 * alpha);
    }

    @Test
    void detectsATenfoldRegressionInAlmostEveryRun() {
        JudgeConfig config = JudgeConfig.defaults().withMinRegression(new MinRegression(0.5, 1.5));
        int runs = 300;
        int failed = 0;
        for (int seed = 0; seed < runs; seed++) {
            Random rnd = new Random(1000 + seed);
            SequentialJudge judge = new SequentialJudge(config, 4, 1);
            TestState state = null;
            for (int look = 0; look < 30; look++) {
                long nc = 400;
                long ns = 1600;
                SequentialJudge.Outcome out = judge.judge(new SequentialJudge.Look("s", "i", 0.001,
                        new ArmCounts(nc, binomial(rnd, nc, 0.01)), new ArmCounts(ns, binomial(rnd, ns, 0.001)), T0, T0, false),
                        state);
                state = out.state();
                if (out.verdict().verdict() == Verdict.FAIL) {
                    failed++;
                    break;
                }
            }
        }
        assertThat(failed / (double) runs).isGreaterThan(0.95);
    }

    static long binomial(Random rnd, long n, double p) {
        // Poisson approximation by inversion for small p, exact Bernoulli sum otherwise; both seeded.
        if (n * p < 30) {
            double l = Math.exp(-n * p);
            long k = 0;
            double prod = rnd.nextDouble();
            while (prod > l) {
                k++;
                prod *= rnd.nextDouble();
            }
            return Math.min(k, n);
        }
        long k = 0;
        for (long i = 0; i < n; i++) {
            k += rnd.nextDouble() < p ? 1 : 0;
        }
        return k;
    }

    private static double zStatistic(double xc, double nc, double xs, double ns) {
        double pc = xc / nc;
        double ps = xs / ns;
        double p = (xc + xs) / (nc + ns);
        double se = Math.sqrt(p * (1 - p) * (1 / nc + 1 / ns));
        return se == 0 ? 0 : (pc - ps) / se;
    }
}
