package dev.bulkhead.analysis.judge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The known-baseline form of the mixture SPRT, used when no control tenant served traffic in a look. */
class KnownBaselineTest {

    @Test
    void theLogLikelihoodRatioIsThePoissonOneSampleRatio() {
        List<Double> next = ConditionalMixtureSprt.updateFailKnownBaseline(List.of(0.0), new double[] {3.0}, 1000, 25, 0.01);
        // x·log r − (r − 1)·n·p0 = 25·log 3 − 2·1000·0.01
        assertThat(next.get(0)).isCloseTo(25 * Math.log(3) - 20, within(1e-12));
    }

    @Test
    void thePassRatioIsAgainstTheRelevantRatio() {
        List<Double> next = ConditionalMixtureSprt.updatePassKnownBaseline(List.of(0.0), new double[] {1.2}, 2.0, 1000, 10, 0.01);
        // x·log(r'/r_rel) − (r' − r_rel)·n·p0 = 10·log 0.6 + 0.8·10
        assertThat(next.get(0)).isCloseTo(10 * Math.log(0.6) + 8, within(1e-12));
    }
}
