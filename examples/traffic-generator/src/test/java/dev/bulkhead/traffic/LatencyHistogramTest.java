package dev.bulkhead.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

    @Test
    void percentilesAreWithinTwoPercent() {
        LatencyHistogram histogram = new LatencyHistogram();
        for (int ms = 1; ms <= 1_000; ms++) {
            histogram.record(ms * 1_000_000L);
        }

        assertThat(histogram.count()).isEqualTo(1_000);
        assertThat(histogram.quantileSeconds(0.5)).isCloseTo(0.500, within(0.010));
        assertThat(histogram.quantileSeconds(0.99)).isCloseTo(0.990, within(0.020));
        assertThat(histogram.maxSeconds()).isEqualTo(1.0);
        assertThat(histogram.quantileSeconds(1.0)).isEqualTo(1.0);
    }

    @Test
    void anEmptyHistogramReportsZero() {
        assertThat(new LatencyHistogram().quantileSeconds(0.99)).isZero();
    }
}
