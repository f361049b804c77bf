package dev.bulkhead.analysis.judge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
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
        assertThat(e.failThreshold()).isCloseTo(Math.log(200), within(1e-12));
        assertThat(e.alpha()).isEqualTo(0.005);
        assertThat(e.windowStart()).isEqualTo(T0);
        assertThat(v.message()).contains("2.000%").contains("0.100%");
    }

    @Test
    void splitsTheFalseRollbackRateAcrossSegmentsAndIndicatorsAndHalvesItForTheTenantTests() {
        SequentialJudge judge = new SequentialJudge(JudgeConfig.defaults(), 4, 2);
        assertThat(judge.alpha()).isCloseTo(0.01 / 8 / 2, within(1e-15));
        assertThat(judge.beta()).isCloseTo(0.05 / 2, within(1e-15));
    }

    @Test
    void failsTheSegmentForAHurtTenantThatTheSegmentsRateDilutes() {
        SequentialJudge judge = new SequentialJudge(JudgeConfig.defaults(), 4, 1);
        TestState state = null;
        IndicatorVerdict v = null;
        for (int look = 0; look < 10 && (v == null || v.verdict() != Verdict.FAIL); look++) {
            // p1 fails 5 of its 100 requests; the other 1,900 canary requests and stable run at 0.1%. The segment's canary
            // rate, 0.35%, is not a relevant regression (+0.5 points), so only the tenant test can fail it.
            SequentialJudge.Look l = new SequentialJudge.Look("paying", "availability", 0.001, new ArmCounts(2000, 7),
                    new ArmCounts(20_000, 20), T0, T0.plusSeconds(60), false, null,
                    java.util.Map.of("p1", new ArmCounts(100, 5), "p2", new ArmCounts(1900, 2)));
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
    }

    @Test
    void withTenantTestsOffTheSegmentsTestHasTheWholeShareAndADilutedTenantDoesNotFailIt() {
        SequentialJudge judge = new SequentialJudge(JudgeConfig.defaults().withTenantTests(false), 4, 1);
        assertThat(judge.alpha()).isCloseTo(0.01 / 4, within(1e-15));
        TestState state = null;
        IndicatorVerdict v = null;
        for (int look = 0; look < 10; look++) {
            // The same looks that fail the segment by p1's own test above.
            SequentialJudge.Outcome out = judge.judge(new SequentialJudge.Look("paying", "availability", 0.001,
                    new ArmCounts(2000, 7), new ArmCounts(20_000, 20), T0.plusSeconds(60L * look),
                    T0.plusSeconds(60L * (look + 1)), false, null,
                    java.util.Map.of("p1", new ArmCounts(100, 5), "p2", new ArmCounts(1900, 2))), state);
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
        IndicatorVerdict v = judge.judge(new SequentialJudge.Look("paying", "availability", 0.001, new ArmCounts(150, 75),
                new ArmCounts(20_000, 20), T0, T0.plusSeconds(60), false, null,
                java.util.Map.of("p1", new ArmCounts(150, 75))), null).verdict();
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
    void equalRatesAreInconclusiveBeforeTheBakeAndPassAfter() {
        SequentialJudge judge = new SequentialJudge(config, 1, 1);
        assertThat(judge.judge(look(1000, 1, 19000, 19), null).verdict().verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        IndicatorVerdict baked = judge.judge(look(1000, 1, 19000, 19, true), null).verdict();
        assertThat(baked.verdict()).isEqualTo(Verdict.PASS);
        assertThat(baked.reason()).isEqualTo("NoEvidenceOfRegression");
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
        assertThat(looks).isGreaterThan(1).isLessThan(50);
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
    void passesAtTheEndOfTheBakeWhenTheCanaryRateIsNotRelevantlyWorse() {
        SequentialJudge judge = new SequentialJudge(JudgeConfig.defaults().withMinSamples(40), 2, 1);
        IndicatorVerdict v = judge.judge(look(150, 0, 260, 1, true), null).verdict();
        assertThat(v.verdict()).isEqualTo(Verdict.PASS);
        assertThat(v.reason()).isEqualTo("NoEvidenceOfRegression");
    }
}
