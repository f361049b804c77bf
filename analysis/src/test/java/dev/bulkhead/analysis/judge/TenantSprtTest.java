package dev.bulkhead.analysis.judge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TenantSprtTest {

    private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");
    /** The tenant family of one segment and indicator at the defaults: 1% over 1 segment × 1 indicator, halved. */
    private static final double FAMILY = 0.005;
    private final TenantSprt sprt = new TenantSprt(FAMILY, MinRegression.defaults(), 50);

    @Test
    void theBaselineBoundSolvesThePoissonChernoffEquation() {
        // x = 0: μ = log(1/δ); x = 10: the root above 10 of μ − 10 − 10·log(μ/10) = log 20.
        assertThat(TenantSprt.upperRate(new ArmCounts(1000, 0), 0.05)).isCloseTo(0.002995732274, within(1e-11));
        assertThat(TenantSprt.upperRate(new ArmCounts(10_000, 10), 0.05)).isCloseTo(0.001985387171, within(1e-11));
        assertThat(TenantSprt.upperRate(ArmCounts.EMPTY, 0.05)).isInfinite();
        assertThat(sprt.threshold()).isCloseTo(Math.log(32 / (FAMILY * 3 / 4)), within(1e-12));
    }

    /** A day of history: "hurt" and "fine" at 0.1%, "noisy" at 4%, the control at 0.1%, each at its size below. */
    private static TenantHistory day() {
        Map<String, ArmCounts> h = new HashMap<>();
        h.put("hurt", new ArmCounts(60 * 1440, 86));
        h.put("fine", new ArmCounts(300 * 1440, 432));
        h.put("noisy", new ArmCounts(200 * 1440, 11_520));
        h.put("control", new ArmCounts(2000 * 1440, 2880));
        return new TenantHistory(T0.minusSeconds(86_400), T0, h);
    }

    private TenantSprt.Context context(TenantHistory history, ArmCounts controlWindow, int look) {
        HistoryPrediction control = HistoryPrediction.of(Map.of("control", controlWindow), history);
        double lower = control.lower(Math.log(look * (look + 1.0) / sprt.controlDelta()));
        return new TenantSprt.Context(history, lower, controlWindow.bad(), true, Double.NaN, Double.NaN, 1, 0.001, look);
    }

    @Test
    void aTenantAtFivePercentAgainstItsOwnTenthOfAPercentFailsWithinMinutes() {
        SplittableRandom rnd = new SplittableRandom(7);
        List<TenantTest> tracked = List.of();
        int failedAt = -1;
        for (int look = 1; look <= 30 && failedAt < 0; look++) {
            ArmCounts control = new ArmCounts(2000, binomial(rnd, 2000, 0.001));
            Map<String, ArmCounts> canary = Map.of("hurt", new ArmCounts(60, binomial(rnd, 60, 0.05)),
                    "fine", new ArmCounts(300, binomial(rnd, 300, 0.001)), "noisy", new ArmCounts(200, binomial(rnd, 200, 0.04)));
            TenantSprt.Result r = sprt.look(tracked, canary, context(day(), control, look));
            tracked = r.tracked();
            if (!r.regressions().isEmpty()) {
                failedAt = look;
                TenantRegression t = r.regressions().get(0);
                assertThat(t.tenant()).isEqualTo("hurt");
                assertThat(t.statistic()).isGreaterThanOrEqualTo(t.threshold());
                assertThat(r.regressions()).extracting(TenantRegression::tenant).containsExactly("hurt");
            }
        }
        assertThat(failedAt).isBetween(1, 10);
    }

    @Test
    void tenantsAtTheirOwnNormalRatesRarelyFailOverAnHourOfLooks() {
        // 300 simulated rollouts of 60 looks, 30 canary tenants of every size, each at its own normal rate (0.1% to
        // 5%): the family is bounded by 0.5%, so more than a handful of crossings would be a broken bound.
        SplittableRandom rnd = new SplittableRandom(11);
        int failed = 0;
        for (int run = 0; run < 300; run++) {
            Map<String, ArmCounts> history = new HashMap<>();
            double[] normal = new double[30];
            for (int t = 0; t < 30; t++) {
                long n = 2L + t * t / 3;
                normal[t] = 0.001 * Math.exp(4 * rnd.nextDouble());
                history.put("t" + t, new ArmCounts(n * 1440, binomial(rnd, n * 1440, normal[t])));
            }
            history.put("control", new ArmCounts(1500 * 1440, binomial(rnd, 1500 * 1440, 0.001)));
            TenantHistory h = new TenantHistory(T0.minusSeconds(86_400), T0, history);
            List<TenantTest> tracked = List.of();
            boolean fired = false;
            for (int look = 1; look <= 60 && !fired; look++) {
                ArmCounts control = new ArmCounts(1500, binomial(rnd, 1500, 0.001));
                Map<String, ArmCounts> canary = new HashMap<>();
                for (int t = 0; t < 30; t++) {
                    long n = 2L + t * t / 3;
                    canary.put("t" + t, new ArmCounts(n, binomial(rnd, n, normal[t])));
                }
                TenantSprt.Result r = sprt.look(tracked, canary, context(h, control, look));
                tracked = r.tracked();
                fired = !r.regressions().isEmpty();
                assertThat(tracked).hasSizeLessThanOrEqualTo(TenantSprt.MAX_TRACKED);
            }
            failed += fired ? 1 : 0;
        }
        assertThat(failed).isLessThanOrEqualTo(3);
    }

    @Test
    void slotsGoToTheLargestHistoriesWhateverTheErrorsAndAtMostTheCap() {
        Map<String, ArmCounts> history = new HashMap<>();
        Map<String, ArmCounts> canary = new HashMap<>();
        for (int t = 0; t < 50; t++) {
            String name = String.format("t%02d", t);
            history.put(name, new ArmCounts(1000.0 * (t + 1), t));
            // The smallest tenants have the most errors in the look: they must not jump the queue.
            canary.put(name, new ArmCounts(10, t < 10 ? 5 : 0));
        }
        history.put("control", new ArmCounts(1_000_000, 1000));
        TenantHistory h = new TenantHistory(T0.minusSeconds(86_400), T0, history);
        TenantSprt.Result r = sprt.look(List.of(), canary, context(h, new ArmCounts(1000, 1), 1));
        assertThat(r.tracked()).hasSize(TenantSprt.MAX_TRACKED);
        assertThat(r.tracked()).extracting(TenantTest::tenant).contains("t49", "t18").doesNotContain("t17", "t00");
    }

    @Test
    void aSmallTenantBelowTheMinimumIsNotARegression() {
        // 40 events, 10 bad (25%) against 0.1%: overwhelming, but below the tenant minimum of 50 events.
        TenantSprt.Result r = sprt.look(List.of(), Map.of("hurt", new ArmCounts(40, 10)), context(day(), new ArmCounts(2000, 2), 5));
        assertThat(r.regressions()).isEmpty();
        assertThat(sprt.logStatistic(r.tracked().get(0))).isGreaterThan(sprt.threshold());
    }

    private static double binomial(SplittableRandom rnd, long n, double p) {
        return HeterogeneousTenantsTest.binomial(rnd, n, p);
    }
}
