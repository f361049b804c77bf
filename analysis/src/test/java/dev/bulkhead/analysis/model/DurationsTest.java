package dev.bulkhead.analysis.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {

    @Test
    void parsesResourceDurations() {
        assertThat(Durations.parse("1h30m", "f")).isEqualTo(Duration.ofMinutes(90));
        assertThat(Durations.parse("30d", "f")).isEqualTo(Duration.ofDays(30));
        assertThat(Durations.parse("500ms", "f")).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void namesTheFieldOfABadDuration() {
        assertThatThrownBy(() -> Durations.parse("5 minutes", "spec.window"))
                .hasMessageStartingWith("spec.window: '5 minutes' is not a duration");
        assertThatThrownBy(() -> Durations.parse("0s", "spec.window")).hasMessageContaining("longer than zero");
    }

    @Test
    void rendersPromqlAndHumanForms() {
        assertThat(Durations.promql(Duration.ofMinutes(5))).isEqualTo("300s");
        assertThat(Durations.promql(Duration.ofMillis(1500))).isEqualTo("1500ms");
        assertThat(Durations.format(Duration.ofDays(3))).isEqualTo("3d");
        assertThat(Durations.format(Duration.ofMinutes(30))).isEqualTo("30m");
    }
}
