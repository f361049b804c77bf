package dev.bulkhead.analysis.judge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TenantSprtTest {

    /** The tenant family of one segment and indicator at the defaults: 1% over 1 segment × 1 indicator, halved. */
    private static final double FAMILY = 0.005;
    private final TenantSprt sprt = new TenantSprt(FAMILY, MinRegression.defaults(), 50);

    @Test
    void theBaselineBoundSolvesThePoissonChernoffEquation() {
        // x = 0: μ = log(1/δ); x = 10: the root above 10 of μ − 10 − 10·log(μ/10) = log 20.
        assertThat(TenantSprt.upperRate(new ArmCounts(1000, 0), 0.05)).isCloseTo(0.002995732274, within(1e-11));
        assertThat(TenantSprt.upperRate(new ArmCounts(10_000, 10), 0.05)).isCloseTo(0.001985387171, within(1e-11));
        assertThat(TenantSprt.upperRate(ArmCounts.EMPTY, 0.05)).isInfinite();
    }

    @Test
    void theStatisticIsTheZeroTruncatedMixture() {
        // Values from the formula evaluated independently (Python, the same 12 alternatives 1.5 … 64).
        assertThat(sprt.logStatistic(new TenantTest("t", 100, 5, 0.1, 0.1))).isCloseTo(10.9439096054, within(1e-8));
        // One bad event that started the test carries no evidence on its own.
        assertThat(sprt.logStatistic(new TenantTest("t", 20, 1, 0.02, 0.02))).isCloseTo(-0.1629275948, within(1e-8));
        assertThat(sprt.threshold()).isCloseTo(Math.log(32 / (FAMILY * 3 / 4)), within(1e-12));
    }

    @Test
    void aTenantAtFivePercentAgainstATenthOfAPercentFailsWithinMinutes() {
        SplittableRandom rnd = new SplittableRandom(7);
        List<TenantTest> tracked = List.of();
        ArmCounts stable = ArmCounts.EMPTY;
        int failedAt = -1;
        for (int look = 1; look <= 30 && failedAt < 0; look++) {
            ArmCounts stableWindow = new ArmCounts(2000, binomial(rnd, 2000, 0.001));
            stable = stable.plus(stableWindow);
            Map<String, ArmCounts> canary = Map.of("hurt", new ArmCounts(60, binomial(rnd, 60, 0.05)),
                    "fine", new ArmCounts(300, binomial(rnd, 300, 0.001)));
            TenantSprt.Result r = sprt.look(tracked, canary, stable, stableWindow, look);
            tracked = r.tracked();
            if (!r.regressions().isEmpty()) {
                failedAt = look;
                TenantRegression t = r.regressions().get(0);
                assertThat(t.tenant()).isEqualTo("hurt");
                assertThat(t.statistic()).isGreaterThanOrEqualTo(t.threshold());
                assertThat(t.baselineRate()).isGreaterThan(stable.rate());
                assertThat(r.regressions()).extracting(TenantRegression::tenant).doesNotContain("fine");
            }
        }
        assertThat(failedAt).isBetween(1, 8);
    }

    @Test
    void tenantsAtStablesRateRarelyFailOverAnHourOfLooks() {
        // 300 simulated rollouts of 60 looks, 30 canary tenants of every size at stable's 0.1%: the family is bounded by
        // 0.5%, so more than a handful of crossings would be a broken bound.
        SplittableRandom rnd = new SplittableRandom(11);
        int failed = 0;
        for (int run = 0; run < 300; run++) {
            List<TenantTest> tracked = List.of();
            ArmCounts stable = ArmCounts.EMPTY;
            boolean fired = false;
            for (int look = 1; look <= 60 && !fired; look++) {
                ArmCounts stableWindow = new ArmCounts(1500, binomial(rnd, 1500, 0.001));
                stable = stable.plus(stableWindow);
                Map<String, ArmCounts> canary = new HashMap<>();
                for (int t = 0; t < 30; t++) {
                    long n = 2L + t * t / 3;
                    canary.put("t" + t, new ArmCounts(n, binomial(rnd, n, 0.001)));
                }
                TenantSprt.Result r = sprt.look(tracked, canary, stable, stableWindow, look);
                tracked = r.tracked();
                fired = !r.regressions().isEmpty();
                assertThat(tracked).hasSizeLessThanOrEqualTo(TenantSprt.MAX_TRACKED).allMatch(t -> t.bad() > 0);
            }
            failed += fired ? 1 : 0;
        }
        assertThat(failed).isLessThanOrEqualTo(3);
    }

    @Test
    void aSmallTenantWithOneUnluckyErrorIsNotARegression() {
        // 40 events, 2 bad (5%) against 0.1%: below the tenant minimum of 50 events, and the first error does not count
        // towards the rate the relevance gate reads.
        ArmCounts stable = new ArmCounts(20_000, 20);
        TenantSprt.Result r = sprt.look(List.of(), Map.of("small", new ArmCounts(40, 2)), stable, new ArmCounts(2000, 2), 5);
        assertThat(r.regressions()).isEmpty();
        assertThat(r.tracked()).extracting(TenantTest::tenant).containsExactly("small");
    }

    @Test
    void tracksOnlyTenantsWithBadEventsAndAtMostTheCap() {
        Map<String, ArmCounts> canary = new HashMap<>();
        for (int t = 0; t < 50; t++) {
            canary.put(String.format("t%02d", t), new ArmCounts(100, t % 2 == 0 ? 1 + t : 0));
        }
        TenantSprt.Result r = sprt.look(List.of(), canary, new ArmCounts(20_000, 20), new ArmCounts(2000, 2), 1);
        // 25 tenants had bad events; all fit. A second look with 40 more fills the cap with the most bad events first.
        assertThat(r.tracked()).hasSize(25).allMatch(t -> t.bad() > 0);
        Map<String, ArmCounts> more = new HashMap<>();
        for (int t = 0; t < 40; t++) {
            more.put(String.format("u%02d", t), new ArmCounts(100, 1 + t));
        }
        TenantSprt.Result next = sprt.look(r.tracked(), more, new ArmCounts(22_000, 22), new ArmCounts(2000, 2), 2);
        assertThat(next.tracked()).hasSize(TenantSprt.MAX_TRACKED);
        assertThat(next.tracked()).extracting(TenantTest::tenant).contains("u39").doesNotContain("u00");
    }

    private static double binomial(SplittableRandom rnd, long n, double p) {
        long k = 0;
        for (long i = 0; i < n; i++) {
            k += rnd.nextDouble() < p ? 1 : 0;
        }
        return k;
    }
}
