package dev.bulkhead.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FaultKnobTest {

    private static final Segments SEGMENTS = Segments.parse(Map.of(
            "paying", "acme\nhooli, pied-piper\n# a comment line\n",
            "free", "free-01,free-02"));

    @Test
    void hitsListedTenantsAndTheTenantsOfListedSegments() {
        Fault fault = new Fault(Set.of("globex"), Set.of("paying"), 1, 0, 0);

        assertThat(fault.hits("globex", SEGMENTS)).isTrue();
        assertThat(fault.hits("pied-piper", SEGMENTS)).isTrue();
        assertThat(fault.hits("free-01", SEGMENTS)).isFalse();
        assertThat(new Fault(Set.of(Fault.EVERY_TENANT), Set.of(), 1, 0, 0).hits("anyone", SEGMENTS)).isTrue();
        assertThat(Fault.NONE.hits("acme", SEGMENTS)).isFalse();
    }

    @Test
    void drawsFailuresAndDelaysWithTheirProbabilities() {
        FaultKnob knob = new FaultKnob(SEGMENTS, new Fault(Set.of(), Set.of("paying"), 0.25, 300, 0.5), new Random(7));

        int failures = 0;
        int delays = 0;
        for (int i = 0; i < 10_000; i++) {
            FaultEffect effect = knob.draw("acme");
            failures += effect.fail() ? 1 : 0;
            if (!effect.delay().isZero()) {
                assertThat(effect.delay()).isEqualTo(Duration.ofMillis(300));
                delays++;
            }
        }
        // Binomial(10 000, p): 5 standard deviations are about ±220 and ±250.
        assertThat(failures).isBetween(2_280, 2_720);
        assertThat(delays).isBetween(4_750, 5_250);
        assertThat(knob.draw("free-01")).isEqualTo(FaultEffect.NONE);
    }

    @Test
    void theSameSeedDrawsTheSameEffects() {
        Fault fault = new Fault(Set.of("acme"), Set.of(), 0.5, 100, 0.5);
        FaultKnob one = new FaultKnob(SEGMENTS, fault, new Random(42));
        FaultKnob two = new FaultKnob(SEGMENTS, fault, new Random(42));

        for (int i = 0; i < 100; i++) {
            assertThat(one.draw("acme")).isEqualTo(two.draw("acme"));
        }
    }

    @Test
    void refusesAnInvalidFaultWithEveryProblemAndKeepsTheCurrentOne() {
        Fault current = new Fault(Set.of("acme"), Set.of(), 1, 0, 0);
        FaultKnob knob = new FaultKnob(SEGMENTS, current, new Random(1));

        assertThatThrownBy(() -> knob.set(new Fault(Set.of(), Set.of("gold"), 1.5, -1, -0.1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("errorProbability must be between 0 and 1, got 1.5; delayProbability must be between 0 and 1,"
                        + " got -0.1; delayMillis must be between 0 and 60000, got -1; segments: unknown segment 'gold';"
                        + " configured segments (bulkhead.demo.segments.*): [free, paying]");
        assertThat(knob.current()).isEqualTo(current);
    }

    @Test
    void segmentListsReadLikeTheSegmentationConfigMap() {
        assertThat(Segments.tenantKeys("acme\nhooli, pied-piper\n\n  # comment\n stark-industries ,\n"))
                .containsExactly("acme", "hooli", "pied-piper", "stark-industries");
        assertThat(SEGMENTS.names()).containsExactly("free", "paying");
    }
}
