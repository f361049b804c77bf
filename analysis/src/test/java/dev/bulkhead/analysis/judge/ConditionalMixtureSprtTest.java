package dev.bulkhead.analysis.judge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConditionalMixtureSprtTest {

    @Test
    void canaryShareOfBadEventsFollowsTheRateRatio() {
        // 5% of traffic, ten times the error rate: 0.5 / (0.5 + 0.95).
        assertThat(ConditionalMixtureSprt.canaryShare(0.05, 10)).isCloseTo(0.3448275862, within(1e-9));
        assertThat(ConditionalMixtureSprt.canaryShare(0.2, 1)).isCloseTo(0.2, within(1e-12));
    }

    @Test
    void mixtureOfTwoRatiosOneAndThreeIsTwo() {
        assertThat(ConditionalMixtureSprt.logMixture(List.of(0.0, Math.log(3)))).isCloseTo(Math.log(2), within(1e-12));
    }

    @Test
    void failStatisticMatchesAHandComputedCase() {
        // canary 20 bad of 1000, stable 19 bad of 19000 (w = 0.05); 12 ratios log-spaced from 2 to 64, uniform weights.
        // Computed independently (Python, same formula): log Λ = 32.326387884.
        double[] alternatives = ConditionalMixtureSprt.failAlternatives(new MinRegression(null, 2.0));
        assertThat(alternatives[0]).isCloseTo(2.0, within(1e-12));
        assertThat(alternatives[11]).isCloseTo(64.0, within(1e-9));
        List<Double> lr = ConditionalMixtureSprt.updateFail(ConditionalMixtureSprt.zeros(12), alternatives, 0.05, 20, 19);
        assertThat(ConditionalMixtureSprt.logMixture(lr)).isCloseTo(32.326387884, within(1e-6));
    }

    @Test
    void balancedBadEventsGiveNegativeEvidence() {
        // canary 1 bad of 1000, stable 19 of 19000: exactly stable's rate. Python: −1.944317517.
        double[] alternatives = ConditionalMixtureSprt.failAlternatives(new MinRegression(null, 2.0));
        List<Double> lr = ConditionalMixtureSprt.updateFail(ConditionalMixtureSprt.zeros(12), alternatives, 0.05, 1, 19);
        assertThat(ConditionalMixtureSprt.logMixture(lr)).isCloseTo(-1.944317517, within(1e-6));
    }

    @Test
    void waldExpectedSampleSizeOfTheWorkedExample() {
        // 0.1% → 1% with α = β = 1%: KL = 0.01407 nats per request, E1[N] ≈ 320 requests.
        assertThat(ConditionalMixtureSprt.waldExpectedSampleSize(0.001, 0.01, 0.01, 0.01)).isCloseTo(320.137, within(0.01));
    }

    @Test
    void passAlternativesStayBelowTheRelevantRatio() {
        double[] alternatives = ConditionalMixtureSprt.passAlternatives(1.5);
        assertThat(alternatives).hasSize(6);
        assertThat(alternatives[0]).isEqualTo(1.0);
        assertThat(alternatives[5]).isLessThan(1.5);
    }
}
