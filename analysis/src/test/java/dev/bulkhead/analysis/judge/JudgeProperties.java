package dev.bulkhead.analysis.judge;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

class JudgeProperties {

    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    @Property
    void belowTheMinimumSampleNothingPassesOrFails(@ForAll @LongRange(min = 0, max = 199) long canaryEvents,
            @ForAll @DoubleRange(min = 0, max = 1) double canaryBadShare, @ForAll @LongRange(min = 0, max = 100_000) long stableEvents,
            @ForAll @DoubleRange(min = 0, max = 1) double stableBadShare, @ForAll boolean bake) {
        SequentialJudge judge = new SequentialJudge(JudgeConfig.defaults(), 3, 2);
        Verdict v = judge.judge(new SequentialJudge.Look("s", "i", 0.001,
                new ArmCounts(canaryEvents, Math.floor(canaryEvents * canaryBadShare)),
                new ArmCounts(stableEvents, Math.floor(stableEvents * stableBadShare)), T0, T0, bake), null).verdict().verdict();
        assertThat(v).isIn(Verdict.NO_DATA, Verdict.ENVIRONMENT_INCIDENT);
    }

    @Property
    void aCanaryNoWorseThanStableNeverFails(@ForAll @LongRange(min = 200, max = 1_000_000) long canaryEvents,
            @ForAll @LongRange(min = 200, max = 1_000_000) long stableEvents, @ForAll @DoubleRange(min = 0, max = 0.5) double stableRate,
            @ForAll @DoubleRange(min = 0, max = 1) double improvement) {
        double canaryRate = stableRate * improvement;
        SequentialJudge judge = new SequentialJudge(JudgeConfig.defaults(), 1, 1);
        Verdict v = judge.judge(new SequentialJudge.Look("s", "i", 0.001,
                new ArmCounts(canaryEvents, Math.floor(canaryEvents * canaryRate)),
                new ArmCounts(stableEvents, Math.ceil(stableEvents * stableRate)), T0, T0, false), null).verdict().verdict();
        assertThat(v).isNotEqualTo(Verdict.FAIL);
    }

    @Property
    void nothingPassesWhileTheCanaryRateIsRelevantlyWorse(@ForAll @LongRange(min = 40, max = 5_000) long canaryEvents,
            @ForAll @DoubleRange(min = 0, max = 0.6) double canaryRate, @ForAll @LongRange(min = 0, max = 5_000) long stableEvents,
            @ForAll @DoubleRange(min = 0, max = 0.1) double stableRate, @ForAll @LongRange(min = 0, max = 5_000) long earlierStable) {
        JudgeConfig config = JudgeConfig.defaults().withMinSamples(40);
        SequentialJudge judge = new SequentialJudge(config, 2, 1);
        TestState before = earlierStable == 0 ? null : judge.judge(new SequentialJudge.Look("s", "i", 0.001, ArmCounts.EMPTY,
                new ArmCounts(earlierStable, Math.floor(earlierStable * stableRate)), T0, T0, false), null).state();
        IndicatorVerdict v = judge.judge(new SequentialJudge.Look("s", "i", 0.001,
                new ArmCounts(canaryEvents, Math.floor(canaryEvents * canaryRate)),
                new ArmCounts(stableEvents, Math.floor(stableEvents * stableRate)), T0, T0, true), before).verdict();
        if (v.verdict() == Verdict.PASS) {
            assertThat(config.minRegression().isRelevant(v.evidence().canaryRate(), v.evidence().stableRate()))
                    .as("a pass at canary %s vs stable %s", v.evidence().canaryRate(), v.evidence().stableRate()).isFalse();
        }
    }

    @Property
    void aTenantRegressionNamesARelevantlyWorseTenantWithItsEvidence(@ForAll @LongRange(min = 1, max = 5_000) long hurtEvents,
            @ForAll @DoubleRange(min = 0, max = 0.5) double hurtRate, @ForAll @LongRange(min = 200, max = 20_000) long otherEvents,
            @ForAll @DoubleRange(min = 0, max = 0.02) double stableRate, @ForAll @IntRange(min = 1, max = 6) int looks,
            @ForAll boolean bake) {
        JudgeConfig config = JudgeConfig.defaults();
        SequentialJudge judge = new SequentialJudge(config, 2, 1);
        TestState state = null;
        for (int i = 0; i < looks; i++) {
            ArmCounts hurt = new ArmCounts(hurtEvents, Math.floor(hurtEvents * hurtRate));
            ArmCounts other = new ArmCounts(otherEvents, Math.floor(otherEvents * stableRate));
            SequentialJudge.Outcome out = judge.judge(new SequentialJudge.Look("s", "i", 0.001,
                    java.util.Map.of("hurt", hurt, "other", other),
                    java.util.Map.of("stable", new ArmCounts(10_000, Math.ceil(10_000 * stableRate))), T0, T0, bake, null, null), state);
            state = out.state();
            IndicatorVerdict v = out.verdict();
            assertThat(state.tenants()).hasSizeLessThanOrEqualTo(TenantSprt.MAX_TRACKED).allMatch(t -> t.events() > 0);
            if (v.reason().equals(VerdictReasons.TENANT_REGRESSION)) {
                assertThat(v.verdict()).isEqualTo(Verdict.FAIL);
                TenantRegression t = v.evidence().tenantRegressions().get(0);
                assertThat(t.statistic()).isGreaterThanOrEqualTo(t.threshold());
                assertThat(t.events()).isGreaterThanOrEqualTo(config.minSamples() / 4.0);
                assertThat(config.minRegression().isRelevant(t.canaryRate(), t.baselineRate())).isTrue();
            } else if (!v.evidence().tenantRegressions().isEmpty()) {
                // A failing tenant never lets the segment pass or hold: only a segment failure, an incident or too little
                // data for any verdict outrank it.
                assertThat(v.verdict()).isIn(Verdict.FAIL, Verdict.ENVIRONMENT_INCIDENT, Verdict.NO_DATA);
            }
        }
    }

    @Property
    void aCanaryTenantAtItsOwnNormalRateNeverFailsWhateverTheControlsRate(
            @ForAll @DoubleRange(min = 0, max = 0.15) double canaryNormal, @ForAll @DoubleRange(min = 0, max = 0.15) double controlNormal,
            @ForAll @LongRange(min = 200, max = 100_000) long canaryEvents, @ForAll @LongRange(min = 200, max = 100_000) long controlEvents,
            @ForAll @DoubleRange(min = 0.2, max = 5) double everybodyChanged, @ForAll @IntRange(min = 1, max = 5) int looks) {
        // Each tenant's history is a day of its traffic at its normal rate; in every look both arms serve at their own
        // normal rate times the same change (time of day, an incident; at most 75%, where a multiplicative change still
        // fits under 100%). Only the release's effect may fail a segment.
        SequentialJudge judge = new SequentialJudge(JudgeConfig.defaults(), 1, 1);
        TenantHistory history = new TenantHistory(T0.minusSeconds(86_400), T0, java.util.Map.of(
                "c", new ArmCounts(canaryEvents * 1440.0, Math.floor(canaryEvents * 1440.0 * canaryNormal)),
                "s", new ArmCounts(controlEvents * 1440.0, Math.floor(controlEvents * 1440.0 * controlNormal))));
        TestState state = null;
        for (int i = 0; i < looks; i++) {
            double c = canaryNormal * everybodyChanged;
            double s = controlNormal * everybodyChanged;
            SequentialJudge.Outcome out = judge.judge(new SequentialJudge.Look("seg", "i", 0.001,
                    java.util.Map.of("c", new ArmCounts(canaryEvents, Math.floor(canaryEvents * c))),
                    java.util.Map.of("s", new ArmCounts(controlEvents, Math.ceil(controlEvents * s))), T0, T0, true, history, null),
                    state);
            state = out.state();
            assertThat(out.verdict().verdict()).isNotEqualTo(Verdict.FAIL);
        }
    }

    @Property
    void theMixtureLiesBetweenTheBestAlternativeAndItsShare(@ForAll @DoubleRange(min = -50, max = 50) double a,
            @ForAll @DoubleRange(min = -50, max = 50) double b, @ForAll @DoubleRange(min = -50, max = 50) double c) {
        double mix = ConditionalMixtureSprt.logMixture(java.util.List.of(a, b, c));
        double max = Math.max(a, Math.max(b, c));
        assertThat(mix).isLessThanOrEqualTo(max + 1e-9).isGreaterThanOrEqualTo(max - Math.log(3) - 1e-9);
    }
}
