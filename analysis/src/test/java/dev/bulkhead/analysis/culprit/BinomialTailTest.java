package dev.bulkhead.analysis.culprit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class BinomialTailTest {

    @Test
    void matchesExactSums() {
        // Exact values from rational arithmetic (Python fractions).
        assertThat(BinomialTail.atLeast(1, 10, 0.1)).isCloseTo(0.6513215599, within(1e-10));
        assertThat(BinomialTail.atLeast(5, 10, 0.5)).isCloseTo(0.623046875, within(1e-12));
        assertThat(BinomialTail.atLeast(3, 1000, 0.001)).isCloseTo(0.08020934284020105, within(1e-12));
        assertThat(BinomialTail.atLeast(10, 1000, 0.001) / 1.0742833868464872e-07).isCloseTo(1.0, within(1e-8));
        assertThat(BinomialTail.atLeast(40, 2000, 0.001) / 1.344868988102915e-37).isCloseTo(1.0, within(1e-8));
        assertThat(BinomialTail.atLeast(200, 10_000, 0.02)).isCloseTo(0.5096887327676869, within(1e-10));
    }

    @Test
    void edges() {
        assertThat(BinomialTail.atLeast(0, 10, 0.3)).isEqualTo(1.0);
        assertThat(BinomialTail.atLeast(11, 10, 0.3)).isEqualTo(0.0);
        assertThat(BinomialTail.atLeast(1, 10, 0.0)).isEqualTo(0.0);
    }
}
