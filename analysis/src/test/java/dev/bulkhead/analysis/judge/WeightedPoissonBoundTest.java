package dev.bulkhead.analysis.judge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class WeightedPoissonBoundTest {

    @Test
    void theBoundsBracketTheEstimateAndNarrowWithMoreHistory() {
        double l = Math.log(1000);
        assertThat(WeightedPoissonBound.upper(100, 1, l)).isGreaterThan(100);
        assertThat(WeightedPoissonBound.lower(100, 1, l)).isBetween(0.0, 100.0);
        // The same prediction from a history 100 times longer (weights 100 times smaller) is far tighter.
        assertThat(WeightedPoissonBound.upper(100, 0.01, l) - 100).isLessThan((WeightedPoissonBound.upper(100, 1, l) - 100) / 5);
        assertThat(WeightedPoissonBound.upper(0, 0.5, l)).as("a clean history still bounds above zero").isPositive();
        assertThat(WeightedPoissonBound.lower(0, 0.5, l)).isZero();
    }

    @Test
    void theBoundsHoldAtTheirLevelForUnevenWeights() {
        // 20 tenants, means from 0.1 to 50, weights from 0.001 to 0.2: the bounds at δ = 5% each must miss in at most
        // about 5% of draws (they are conservative, so far fewer).
        SplittableRandom rnd = new SplittableRandom(11);
        double[] lambda = new double[20];
        double[] c = new double[20];
        double m = 0;
        double cMax = 0;
        for (int i = 0; i < 20; i++) {
            lambda[i] = 0.1 + 50 * rnd.nextDouble() * rnd.nextDouble();
            c[i] = 0.001 + 0.2 * rnd.nextDouble() * rnd.nextDouble();
            m += c[i] * lambda[i];
            cMax = Math.max(cMax, c[i]);
        }
        int above = 0;
        int below = 0;
        int draws = 4000;
        double l = Math.log(20);
        for (int d = 0; d < draws; d++) {
            double y = 0;
            for (int i = 0; i < 20; i++) {
                y += c[i] * HeterogeneousTenantsTest.poisson(rnd, lambda[i]);
            }
            above += WeightedPoissonBound.upper(y, cMax, l) < m ? 1 : 0;
            below += WeightedPoissonBound.lower(y, cMax, l) > m ? 1 : 0;
        }
        assertThat(above).isLessThanOrEqualTo(draws / 20);
        assertThat(below).isLessThanOrEqualTo(draws / 20);
    }
}
