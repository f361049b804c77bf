package dev.bulkhead.analysis.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Runs the detection benchmark's whole path (population, history, scrapes, the four methods, the report) on a few runs
 * per cell, so the benchmark cannot rot between the times someone runs it for figures. The checks are ones no judge
 * change should move: a harmless canary hurts nobody, the peers always decide by the end of their bake, and a ×10
 * regression confined to one segment is diluted in the canary aggregate that Flagger's check reads.
 */
class DetectionBenchmarkSmokeTest {

    private static final int RUNS = 8;

    @Test
    void runsEveryScenarioEndToEndWithSaneOutcomes() {
        DetectionBenchmark.Options options = DetectionBenchmark.Options.parse("--runs", String.valueOf(RUNS), "--seed", "3",
                "--models", "s0.5-0.1%,zipf-diurnal-30s");
        List<DetectionBenchmark.Cell> cells = DetectionBenchmark.run(options, options.config());

        assertThat(cells).hasSize(2 * 4);
        for (DetectionBenchmark.Cell cell : cells) {
            for (Tally t : cell.tallies()) {
                assertThat(t.runs).isEqualTo(RUNS);
                assertThat(t.passes).isLessThanOrEqualTo(RUNS);
                assertThat(t.minutes).hasSize(t.rollbacks).allSatisfy(m -> assertThat(m).isBetween(1.0, 60.0));
            }
            if (cell.scenario().harmless()) {
                assertThat(cell.waldFloors()).isEmpty();
                for (Tally t : cell.tallies()) {
                    assertThat(t.badServedToHurt).isZero();
                }
            } else {
                assertThat(cell.waldFloors()).hasSize(RUNS).allSatisfy(w -> assertThat(w).isPositive());
            }
            if (cell.scenario().endsAtPass()) {
                assertThat(cell.tallies()[0].rollbacks + cell.tallies()[0].passes).isLessThanOrEqualTo(RUNS);
                for (int peer = 1; peer < cell.tallies().length; peer++) {
                    Tally t = cell.tallies()[peer];
                    assertThat(t.rollbacks + t.passes).as(DetectionBenchmark.METHODS[peer] + " decides by the end of its bake")
                            .isEqualTo(RUNS);
                }
            }
        }
        DetectionBenchmark.Cell x10 = cells.stream()
                .filter(c -> c.model().name().equals("s0.5-0.1%") && c.scenario().key().equals("x10")).findFirst().orElseThrow();
        assertThat(x10.tallies()[0].rollbacks).as("Bulkhead's per-segment judge catches one segment x10").isGreaterThanOrEqualTo(RUNS - 2);
        assertThat(x10.tallies()[1].rollbacks).as("Flagger's global check, diluted by the other segments").isLessThanOrEqualTo(RUNS / 2);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Report.print(new PrintStream(out, true, StandardCharsets.UTF_8), options, options.config(), cells, 0);
        String report = out.toString(StandardCharsets.UTF_8);
        assertThat(report).startsWith("command: ").contains("| zipf-diurnal-30s | A/A (false rollbacks) | (a) Bulkhead");
        assertThat(report.lines().filter(l -> l.startsWith("| s0.5-0.1% |") || l.startsWith("| zipf-diurnal-30s |")))
                .hasSize(2 + 2 * 4 * DetectionBenchmark.METHODS.length);
    }

    @Test
    void rejectsAnUnknownModelNamingTheOnesThereAre() {
        assertThatThrownBy(() -> DetectionBenchmark.Options.parse("--models", "nope"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--models: no nope among")
                .hasMessageContaining("adversarial");
    }
}
