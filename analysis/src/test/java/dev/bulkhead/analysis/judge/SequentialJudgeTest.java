package dev.bulkhead.analysis.judge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SequentialJudgeTest {

    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private final JudgeConfig config = JudgeConfig.defaults().withMinRegression(new MinRegression(null, 2.0));

    private static SequentialJudge.Look look(double nc, double xc, double ns, double xs, boolean bake) {
        return new SequentialJudge.Look("paying", "availability", 0.001, new ArmCounts(nc, xc), new ArmCounts(ns, xs),
                T0, T0.plusSeconds(60), bake);
    }

    @Test
    void failsAClearRegressionWithItsNumbers() {
        SequentialJudge judge = new SequentialJudge(config, 1, 1);
        SequentialJudge.Outcome out = judge.judge(look(1000, 20, 19000, 19), null);

        IndicatorVerdict v = out.verdict();
        assertThat(v.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(v.reason()).isEqualTo("RelevantRegression");
        Evidence e = v.evidence();
        assertThat(e.canary()).isEqualTo(new ArmCounts(1000, 20));
        assertThat(e.stable()).isEqualTo(new ArmCounts(19000, 19));
        assertThat(e.canaryRate()).isCloseTo(0.02, within(1e-12));
        assertThat(e.stableRate()).isCloseTo(0.001, within(1e-12));
        assertThat(e.failStatistic()).isCloseTo(32.326387884, within(1e-6));
        // 1% over one segment and indicator, half for the segment's test, three quarters of that for its statistic.
        assertThat(e.alpha()).isCloseTo(0.00375, within(1e-15));
        assertThat(e.failThreshold()).isCloseTo(Math.log(1 / 0.00375), within(1e-12));
        assertThat(e.windowStart()).isEqualTo(T0);
        assertThat(v.message()).contains("2.000%").contains("0.100%");
    }

    @Test
    void splitsTheFalseRollbackRateAcrossSegmentsAndIndicatorsAndHalvesItForTheTenantTests() {
        SequentialJudge judge = new SequentialJudge(JudgeConfig.defaults(), 4, 2);
        assertThat(judge.alpha()).as("a quarter of the segment's half pays for its history bounds")
                .isCloseTo(0.01 / 8 / 2 * 3 / 4, within(1e-15));
        assertThat(judge.beta()).as("half of each indicator's share to the pass boundary, a quarter of that to its bounds")
                .isCloseTo(0.05 / 2 / 2 * 3 / 4, within(1e-15));
    }

    @Test
    void failsTheSegmentForAHurtTenantThatTheSegmentsRateDilutes() {
        SequentialJudge judge = new SequentialJudge(JudgeConfig.defaults(), 4, 1);
        TestState state = null;
        IndicatorVerdict v = null;
        for (int look = 0; look < 10 && (v == null || v.verdict() != Verdict.FAIL); look++) {
            // p1 fails 5 of its 100 requests; the other 1,900 canary requests and stable run at 0.1%. The segment's canary
            // rate, 0.35%, is not a relevant regression (+0.5 points), so only the tenant test can fail it.
            SequentialJudge.Look l = new SequentialJudge.Look("paying", "availability", 0.001,
                    Map.of("p1", new ArmCounts(100, 5), "p2", new ArmCounts(1900, 2)), Map.of("s", new ArmCounts(20_000, 20)),
                    T0, T0.plusSeconds(60), false, null, null);
            SequentialJudge.Outcome out = judge.judge(l, state);
            state = out.state();
            v = out.verdict();
        }
        assertThat(v.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(v.reason()).isEqualTo("TenantRegression");
        assertThat(v.evidence().looks()).isLessThanOrEqualTo(3);
        assertThat(v.evidence().failStatistic()).isLessThan(v.evidence().failThreshold());
        TenantRegression t = v.evidence().tenantRegressions().get(0);
        assertThat(t.tenant()).isEqualTo("p1");
        assertThat(t.canaryRate()).isCloseTo(0.05, within(1e-12));
        assertThat(t.statistic()).isGreaterThanOrEqualTo(t.threshold());
        assertThat(v.evidence().tenantRegressions()).extracting(TenantRegression::tenant).containsExactly("p1");
        assertThat(v.message()).contains("canary tenant p1").contains("5.000%");
        assertThat(state.tenants()).extracting(TenantTest::tenant).contains("p1");
        assertThat(v.message()).contains("no tenant history");
    }

    @Test
    void withTenantTestsOffTheSegmentsTestHasTheWholeShareAndADilutedTenantDoesNotFailIt() {
        SequentialJudge judge = new SequentialJudge(JudgeConfig.defaults().withTenantTests(false), 4, 1);
        assertThat(judge.alpha()).isCloseTo(0.01 / 4 * 3 / 4, within(1e-15));
        TestState state = null;
        IndicatorVerdict v = null;
        for (int look = 0; look < 10; look++) {
            // The same looks that fail the segment by p1's own test above.
            SequentialJudge.Outcome out = judge.judge(new SequentialJudge.Look("paying", "availability", 0.001,
                    Map.of("p1", new ArmCounts(100, 5), "p2", new ArmCounts(1900, 2)), Map.of("s", new ArmCounts(20_000, 20)),
                    T0.plusSeconds(60L * look), T0.plusSeconds(60L * (look + 1)), false, null, null), state);
            state = out.state();
            v = out.verdict();
            assertThat(v.verdict()).isNotEqualTo(Verdict.FAIL);
        }
        assertThat(v.evidence().tenantRegressions()).isEmpty();
        assertThat(state.tenants()).isEmpty();
    }

    @Test
    void theTenantRuleWaitsForTheSegmentsMinimumSample() {
        SequentialJudge judge = new SequentialJudge(JudgeConfig.defaults(), 1, 1);
        IndicatorVerdict v = judge.judge(new SequentialJudge.Look("paying", "availability", 0.001,
                Map.of("p1", new ArmCounts(150, 75)), Map.of("s", new ArmCounts(20_000, 20)), T0, T0.plusSeconds(60), false,
                null, null), null).verdict();
        assertThat(v.verdict()).isEqualTo(Verdict.NO_DATA);
        assertThat(v.reason()).isEqualTo("BelowMinimumSample");
    }

    @Test
    void neverJudgesBelowTheMinimumSample() {
        SequentialJudge judge = new SequentialJudge(config, 1, 1);
        // 150 canary events with 100 bad: overwhelming evidence, but below 200 events.
        IndicatorVerdict v = judge.judge(look(150, 100, 19000, 19), null).verdict();
        assertThat(v.verdict()).isEqualTo(Verdict.NO_DATA);
        assertThat(v.reason()).isEqualTo("BelowMinimumSample");
        assertThat(v.evidence().failStatistic()).isGreaterThan(v.evidence().failThreshold());
    }

    @Test
    void missingCanaryArmIsNoData() {
        SequentialJudge judge = new SequentialJudge(config, 1, 1);
        IndicatorVerdict v = judge.judge(look(0, 0, 19000, 19), null).verdict();
        assertThat(v.verdict()).isEqualTo(Verdict.NO_DATA);
        assertThat(v.reason()).isEqualTo("NoCanaryTraffic");
    }

    @Test
    void theEndOfTheBakeIsNoReasonToPass() {
        // 1,000 canary requests with one error against stable's 0.1%: a ×2 regression (2% of 1,000 = 20 errors expected)
        // is not yet excluded with confidence, so the step holds, bake or not.
        SequentialJudge judge = new SequentialJudge(config, 1, 1);
        assertThat(judge.judge(look(1000, 1, 19000, 19), null).verdict().verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        IndicatorVerdict baked = judge.judge(look(1000, 1, 19000, 19, true), null).verdict();
        assertThat(baked.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(baked.reason()).isEqualTo("Observing");
        assertThat(baked.message()).contains("bake complete, but no evidence either way yet");
    }

    private static SequentialJudge.Look look(double nc, double xc, double ns, double xs) {
        return look(nc, xc, ns, xs, false);
    }

    @Test
    void passesEarlyOnceAnyRegressionIsShownBelowTheRelevantSize() {
        SequentialJudge judge = new SequentialJudge(config, 1, 1);
        TestState state = null;
        Verdict last = null;
        int looks = 0;
        // canary 20% of traffic at stable's 1% error rate, exactly: the pass boundary must cross.
        while (last != Verdict.PASS && looks < 50) {
            SequentialJudge.Outcome out = judge.judge(look(2000, 20, 8000, 80), state);
            state = out.state();
            last = out.verdict().verdict();
            looks++;
        }
        assertThat(last).isEqualTo(Verdict.PASS);
        assertThat(state.relevantRatio()).isEqualTo(2.0);
        assertThat(looks).isLessThan(50);
    }

    @Test
    void aSignificantButIrrelevantRegressionDoesNotFail() {
        // 0.15% versus 0.10% is significant with this much traffic but below +0.5 points.
        SequentialJudge judge = new SequentialJudge(JudgeConfig.defaults(), 1, 1);
        IndicatorVerdict v = judge.judge(look(2_000_000, 3000, 2_000_000, 2000), null).verdict();
        assertThat(v.evidence().failStatistic()).isGreaterThan(v.evidence().failThreshold());
        assertThat(v.verdict()).isNotEqualTo(Verdict.FAIL);
    }

    @Test
    void stableDegradingLikeCanaryIsAnEnvironmentIncident() {
        SequentialJudge judge = new SequentialJudge(config, 1, 1);
        // Both arms at 5%: 50 times a 0.1% allowance, above the 14.4 incident burn rate.
        IndicatorVerdict v = judge.judge(look(1000, 50, 19000, 950), null).verdict();
        assertThat(v.verdict()).isEqualTo(Verdict.ENVIRONMENT_INCIDENT);
        assertThat(v.reason()).isEqualTo("StableDegradedToo");
    }

    @Test
    void aCanaryWorseThanADegradedStableStillFails() {
        SequentialJudge judge = new SequentialJudge(config, 1, 1);
        IndicatorVerdict v = judge.judge(look(1000, 300, 19000, 950), null).verdict();
        assertThat(v.verdict()).isEqualTo(Verdict.FAIL);
    }

    @Test
    void accumulatesAcrossLooks() {
        SequentialJudge judge = new SequentialJudge(config, 1, 1);
        SequentialJudge.Outcome first = judge.judge(look(500, 10, 9500, 10), null);
        SequentialJudge.Outcome second = judge.judge(look(500, 10, 9500, 9), first.state());
        assertThat(second.state().looks()).isEqualTo(2);
        assertThat(second.state().canary()).isEqualTo(new ArmCounts(1000, 20));
        assertThat(second.state().stable()).isEqualTo(new ArmCounts(19000, 19));
        // Same traffic share both times, so the evidence equals one look over the pooled counts.
        assertThat(second.verdict().evidence().failStatistic()).isCloseTo(32.326387884, within(1e-6));
    }

    @Test
    void aSmallStableWindowWithOneErrorIsNoEnvironmentIncident() {
        // A tiny segment's single stable error is a 5% window rate: far above 14.4x a 0.1% allowance, and no incident.
        SequentialJudge judge = new SequentialJudge(config, 1, 1);
        IndicatorVerdict v = judge.judge(look(1000, 300, 20, 1), null).verdict();
        assertThat(v.verdict()).isNotEqualTo(Verdict.ENVIRONMENT_INCIDENT);
    }

    @Test
    void restartsStateOfAnotherSegment() {
        SequentialJudge judge = new SequentialJudge(config, 1, 1);
        TestState other = judge.judge(new SequentialJudge.Look("free", "availability", 0.001, new ArmCounts(500, 10),
                new ArmCounts(9500, 10), T0, T0, false), null).state();
        assertThat(judge.judge(look(1000, 1, 19000, 19), other).state().looks()).isEqualTo(1);
    }

    @Test
    void neverPassesAtTheEndOfTheBakeWhileTheCanaryRateIsRelevantlyWorse() {
        // The Helm scenario that once passed a failing paying segment: three looks of paying on stable only, then it
        // is exposed whole; the look that ends the bake sees 150 canary events at 30% errors against the 20 stable
        // events left from the window's first half second. The stable arm is too small for evidence either way.
        SequentialJudge judge = new SequentialJudge(JudgeConfig.defaults().withMinSamples(40), 2, 1);
        TestState state = null;
        for (int i = 0; i < 3; i++) {
            state = judge.judge(look(0, 0, 240, i == 0 ? 1 : 0, false), state).state();
        }
        IndicatorVerdict v = judge.judge(look(150, 45, 20, 0, true), state).verdict();

        assertThat(v.evidence().failStatistic()).as("too little concurrent stable traffic for evidence")
                .isLessThan(v.evidence().failThreshold());
        assertThat(v.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(v.reason()).isEqualTo("RegressionNotYetSignificant");
        assertThat(v.message()).contains("30.000%");
    }

    @Test
    void passesOnceABoundOfTheCanaryRateIsBelowTheRelevantLevel() {
        // +0.5 points over a 0.1% stable rate: relevant from 0.6%. 150 clean requests cannot exclude 0.6%; 3,000 can.
        SequentialJudge judge = new SequentialJudge(JudgeConfig.defaults().withMinSamples(40), 2, 1);
        assertThat(judge.judge(look(150, 0, 26_000, 26, true), null).verdict().verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        IndicatorVerdict v = judge.judge(look(3000, 0, 26_000, 26, true), null).verdict();
        assertThat(v.verdict()).isEqualTo(Verdict.PASS);
        assertThat(v.reason()).isEqualTo("RelevantRegressionExcluded");
    }

    /** A day of history for tenants "hi" (normal 3%), "lo1" and "lo2" (normal 0.1%), 1,000 requests a minute each. */
    private static TenantHistory day() {
        return new TenantHistory(T0.minusSeconds(86_400), T0, Map.of("hi", new ArmCounts(1_440_000, 43_200),
                "lo1", new ArmCounts(1_440_000, 1_440), "lo2", new ArmCounts(1_440_000, 1_440)));
    }

    private static SequentialJudge.Look withHistory(double hiBad, double loBad, TenantHistory history) {
        return new SequentialJudge.Look("paying", "availability", 0.001, Map.of("hi", new ArmCounts(1000, hiBad)),
                Map.of("lo1", new ArmCounts(1000, loBad), "lo2", new ArmCounts(1000, loBad)), T0, T0.plusSeconds(60), true,
                history, null);
    }

    @Test
    void aCanaryTenantWithAHighNormalRateIsHeldToItsOwnHistory() {
        SequentialJudge judge = new SequentialJudge(JudgeConfig.defaults(), 1, 1);
        TestState state = null;
        for (int look = 0; look < 20; look++) {
            SequentialJudge.Outcome out = judge.judge(withHistory(30, 1, day()), state);
            state = out.state();
            assertThat(out.verdict().verdict()).isNotEqualTo(Verdict.FAIL);
        }
        assertThat(state.canaryPredicted()).isCloseTo(20 * 30.0, within(1e-6));
        // The same looks compared directly with the stable tenants: 3% against 0.1% fails.
        assertThat(judge.judge(withHistory(30, 1, null), null).verdict().verdict()).isEqualTo(Verdict.FAIL);
    }

    @Test
    void aCanaryTenantWorseThanItsOwnHistoryFails() {
        // The control's few bad events per look are the evidence's limit: it takes several looks.
        SequentialJudge judge = new SequentialJudge(JudgeConfig.defaults(), 1, 1);
        TestState state = null;
        IndicatorVerdict v = null;
        for (int look = 0; look < 30 && (v == null || v.verdict() != Verdict.FAIL); look++) {
            SequentialJudge.Outcome out = judge.judge(withHistory(90, 1, day()), state);
            state = out.state();
            v = out.verdict();
        }
        assertThat(v.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(v.evidence().expectedRate()).isCloseTo(0.03, within(0.005));
        assertThat(v.message()).contains("1 canary tenants judged against their own history, with 2 of the segment's stable tenants");
    }

    @Test
    void aChangeForEverybodyCancelsAgainstTheControl() {
        // Canary and control tenants both at three times their normal rate: the time of day, not the release.
        SequentialJudge judge = new SequentialJudge(JudgeConfig.defaults(), 1, 1);
        IndicatorVerdict v = judge.judge(withHistory(90, 3, day()), null).verdict();
        assertThat(v.verdict()).isNotEqualTo(Verdict.FAIL);
        assertThat(v.evidence().expectedRate()).isCloseTo(0.09, within(0.02));
    }

    @Test
    void withoutAnyConcurrentControlTheCanaryIsHeldToABoundOfItsHistory() {
        SequentialJudge judge = new SequentialJudge(JudgeConfig.defaults(), 1, 1);
        SequentialJudge.Look alone = new SequentialJudge.Look("paying", "availability", 0.001,
                Map.of("hi", new ArmCounts(1000, 30)), Map.of(), T0, T0.plusSeconds(60), true, day(), null);
        assertThat(judge.judge(alone, null).verdict().verdict()).isNotEqualTo(Verdict.FAIL);
        SequentialJudge.Look worse = new SequentialJudge.Look("paying", "availability", 0.001,
                Map.of("hi", new ArmCounts(1000, 120)), Map.of(), T0, T0.plusSeconds(60), true, day(), null);
        assertThat(judge.judge(worse, null).verdict().verdict()).isEqualTo(Verdict.FAIL);
    }

    @Test
    void aTenantWithoutHistoryIsHeldToTheSegmentsHighestNormalRate() {
        // "new" has no history; the segment's highest normal rate is "hi"'s 3%. At 4% it is not failed; at 40% it is.
        SequentialJudge judge = new SequentialJudge(JudgeConfig.defaults(), 1, 1);
        java.util.function.Function<Double, IndicatorVerdict> lookAt = bad -> {
            TestState state = null;
            IndicatorVerdict v = null;
            for (int i = 0; i < 5; i++) {
                SequentialJudge.Outcome out = judge.judge(new SequentialJudge.Look("paying", "availability", 0.001,
                        Map.of("new", new ArmCounts(500, bad), "lo1", new ArmCounts(1000, 1)),
                        Map.of("hi", new ArmCounts(1000, 30), "lo2", new ArmCounts(1000, 1)), T0, T0.plusSeconds(60), true,
                        day(), null), state);
                state = out.state();
                v = out.verdict();
            }
            return v;
        };
        assertThat(lookAt.apply(20.0).verdict()).isNotEqualTo(Verdict.FAIL);
        IndicatorVerdict failing = lookAt.apply(200.0);
        assertThat(failing.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(failing.evidence().tenantRegressions()).extracting(TenantRegression::tenant).containsExactly("new");
        assertThat(failing.message()).contains("1 canary tenants without enough history");
    }
}
