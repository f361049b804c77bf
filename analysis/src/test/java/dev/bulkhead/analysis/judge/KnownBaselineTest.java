package dev.bulkhead.analysis.judge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Judging a wholly exposed segment against its own stable rate from before exposure (no concurrent stable arm). */
class KnownBaselineTest {

    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private final JudgeConfig config = JudgeConfig.defaults().withMinRegression(new MinRegression(null, 2.0)).withMinSamples(100);

    /** A test that already saw the segment's stable traffic (1% bad over 5,000 events) before it was exposed. */
    private TestState history(SequentialJudge judge) {
        return judge.judge(new SequentialJudge.Look("enterprise", "availability", 0.01, ArmCounts.EMPTY,
                new ArmCounts(5000, 50), T0, T0.plusSeconds(60), false), null).state();
    }

    private SequentialJudge.Look wholeSegment(double events, double bad, boolean bake, double baseline) {
        return new SequentialJudge.Look("enterprise", "availability", 0.01, new ArmCounts(events, bad), ArmCounts.EMPTY,
                T0.plusSeconds(60), T0.plusSeconds(120), bake, baseline);
    }

    @Test
    void theLogLikelihoodRatioIsThePoissonOneSampleRatio() {
        List<Double> next = ConditionalMixtureSprt.updateFailKnownBaseline(List.of(0.0), new double[] {3.0}, 1000, 25, 0.01);
        // x·log r − (r − 1)·n·p0 = 25·log 3 − 2·1000·0.01
        assertThat(next.get(0)).isCloseTo(25 * Math.log(3) - 20, within(1e-12));
    }

    @Test
    void failsAWhollyExposedSegmentThatRegressesAgainstItsOwnBaseline() {
        SequentialJudge judge = new SequentialJudge(config, 1, 1);
        TestState state = history(judge);
        double baseline = SequentialJudge.smoothedRate(state.stable());

        SequentialJudge.Outcome out = judge.judge(wholeSegment(2000, 120, false, baseline), state);

        assertThat(out.verdict().verdict()).isEqualTo(Verdict.FAIL);
        assertThat(out.state().stable()).as("the baseline is not counted as new stable traffic").isEqualTo(state.stable());
    }

    @Test
    void passesAWhollyExposedSegmentThatStaysAtItsBaselineAfterTheBake() {
        SequentialJudge judge = new SequentialJudge(config, 1, 1);
        TestState state = history(judge);
        double baseline = SequentialJudge.smoothedRate(state.stable());

        SequentialJudge.Outcome out = judge.judge(wholeSegment(4000, 40, true, baseline), state);

        assertThat(out.verdict().verdict()).isEqualTo(Verdict.PASS);
    }

    @Test
    void rarelyFailsAGoodSegmentOverManyLooks() {
        Random random = new Random(42);
        int falseRollbacks = 0;
        int runs = 400;
        for (int run = 0; run < runs; run++) {
            SequentialJudge judge = new SequentialJudge(config, 1, 1);
            TestState state = history(judge);
            double baseline = SequentialJudge.smoothedRate(state.stable());
            for (int look = 0; look < 30; look++) {
                int bad = 0;
                for (int i = 0; i < 300; i++) {
                    bad += random.nextDouble() < 0.01 ? 1 : 0;
                }
                SequentialJudge.Outcome out = judge.judge(wholeSegment(300, bad, false, baseline), state);
                state = out.state();
                if (out.verdict().verdict() == Verdict.FAIL) {
                    falseRollbacks++;
                    break;
                }
            }
        }
        // α = 1% for one segment and indicator; the baseline itself is estimated, so allow some slack over α.
        assertThat(falseRollbacks / (double) runs).isLessThan(0.03);
    }
}
