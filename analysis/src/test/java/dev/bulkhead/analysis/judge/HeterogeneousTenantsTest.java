package dev.bulkhead.analysis.judge;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The judge on tenants whose normal error rates differ (lognormal spread σ = 1 around 0.5%, a minority five times worse,
 * the canary set drawn from the worst tenants): an identical release must not fail, and a regression must. Seeded
 * simulations of a segment of 60 tenants, 60 one-minute looks, each tenant's day before the rollout as its history.
 */
class HeterogeneousTenantsTest {

    private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");
    private static final int TENANTS = 60;
    private static final int CANARY = 12;
    private static final int LOOKS = 60;

    /** One simulated segment: tenants' sizes (requests per minute) and normal error rates, the worst first. */
    private record Segment(double[] perMinute, double[] rate) {
        static Segment draw(SplittableRandom rnd, double median, double sigma) {
            double[] perMinute = new double[TENANTS];
            double[] rate = new double[TENANTS];
            for (int t = 0; t < TENANTS; t++) {
                perMinute[t] = 2 + 30 * Math.pow(1 - rnd.nextDouble(), -1 / 1.5) / 3;
                double r = median * Math.exp(sigma * gaussian(rnd));
                rate[t] = Math.min(0.2, t % 20 == 0 ? 5 * r : r);
            }
            // Adversarial: the canary tenants are the ones with the highest normal rates.
            Integer[] order = new Integer[TENANTS];
            for (int i = 0; i < TENANTS; i++) {
                order[i] = i;
            }
            java.util.Arrays.sort(order, (a, b) -> Double.compare(rate[b], rate[a]));
            double[] p = new double[TENANTS];
            double[] r = new double[TENANTS];
            for (int i = 0; i < TENANTS; i++) {
                p[i] = perMinute[order[i]];
                r[i] = rate[order[i]];
            }
            return new Segment(p, r);
        }
    }

    /** Runs one rollout; returns the first decisive verdict (FAIL or PASS), or the last one. */
    private static Verdict run(SplittableRandom rnd, Segment seg, double factor, boolean withHistory, boolean tenantTests) {
        SequentialJudge judge = new SequentialJudge(JudgeConfig.defaults().withTenantTests(tenantTests), 4, 1);
        Map<String, ArmCounts> history = new HashMap<>();
        for (int t = 0; t < TENANTS; t++) {
            double events = poisson(rnd, seg.perMinute()[t] * 1440);
            history.put("t" + t, new ArmCounts(events, binomial(rnd, events, seg.rate()[t])));
        }
        TenantHistory h = withHistory ? new TenantHistory(T0.minusSeconds(86_400), T0, history) : null;
        TestState state = null;
        Verdict last = null;
        for (int look = 0; look < LOOKS; look++) {
            Map<String, ArmCounts> canary = new HashMap<>();
            Map<String, ArmCounts> control = new HashMap<>();
            for (int t = 0; t < TENANTS; t++) {
                double events = poisson(rnd, seg.perMinute()[t]);
                double p = t < CANARY ? Math.min(1, seg.rate()[t] * factor) : seg.rate()[t];
                (t < CANARY ? canary : control).put("t" + t, new ArmCounts(events, binomial(rnd, events, p)));
            }
            SequentialJudge.Outcome out = judge.judge(new SequentialJudge.Look("paying", "availability", 0.005, canary, control,
                    T0.plusSeconds(60L * look), T0.plusSeconds(60L * look + 60), look >= 10, h, null), state);
            state = out.state();
            last = out.verdict().verdict();
            if (last == Verdict.FAIL || last == Verdict.PASS) {
                return last;
            }
        }
        return last;
    }

    private static int count(long seed, int runs, double sigma, double factor, boolean history, Verdict wanted) {
        int n = 0;
        for (int i = 0; i < runs; i++) {
            SplittableRandom rnd = new SplittableRandom(seed * 7919 + i);
            n += run(rnd, Segment.draw(rnd, 0.005, sigma), factor, history, true) == wanted ? 1 : 0;
        }
        return n;
    }

    @Test
    void anIdenticalReleaseOnTheWorstTenantsIsNotRolledBackWhenEachIsHeldToItsOwnHistory() {
        // The segment's share of a 1% rollout false-rollback rate over 4 segments is 0.25%: at most a couple in 400.
        assertThat(count(1, 400, 1.0, 1.0, true, Verdict.FAIL)).isLessThanOrEqualTo(3);
    }

    @Test
    void comparedDirectlyWithTheStableTenantsTheSameReleaseIsRolledBackOften() {
        // What the judge did before tenant histories: the canary's worse tenants look like a regression.
        assertThat(count(1, 100, 1.0, 1.0, false, Verdict.FAIL)).isGreaterThan(30);
    }

    @Test
    void aTenfoldRegressionOfTheCanaryTenantsIsCaught() {
        assertThat(count(2, 100, 1.0, 10.0, true, Verdict.FAIL)).isGreaterThanOrEqualTo(99);
    }

    @Test
    void aRelevantRegressionIsNotPassed() {
        // ×2.5 at 0.5% against +0.5 points and ×1.5: relevant for every tenant; a pass would be a false pass.
        assertThat(count(3, 200, 1.0, 2.5, true, Verdict.PASS)).isLessThanOrEqualTo(10);
    }

    @Test
    void anIdenticalReleasePassesOnEvidence() {
        assertThat(count(4, 100, 0.5, 1.0, true, Verdict.PASS)).isGreaterThanOrEqualTo(80);
    }

    static double gaussian(SplittableRandom rnd) {
        double u = 1 - rnd.nextDouble();
        double v = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    static double poisson(SplittableRandom rnd, double mean) {
        if (mean > 50) {
            return Math.max(0, Math.round(mean + Math.sqrt(mean) * gaussian(rnd)));
        }
        double l = Math.exp(-mean);
        int k = 0;
        double prod = rnd.nextDouble();
        while (prod > l) {
            k++;
            prod *= rnd.nextDouble();
        }
        return k;
    }

    static double binomial(SplittableRandom rnd, double n, double p) {
        double mean = n * p;
        if (mean > 50 && n * (1 - p) > 50) {
            return Math.min(n, Math.max(0, Math.round(mean + Math.sqrt(mean * (1 - p)) * gaussian(rnd))));
        }
        return Math.min(n, poisson(rnd, mean));
    }
}
