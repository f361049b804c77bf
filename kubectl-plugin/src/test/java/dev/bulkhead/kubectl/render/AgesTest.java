package dev.bulkhead.kubectl.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AgesTest {

    @Test
    void usesTwoUnitsWhileTheSecondStillMattersThenOne() {
        assertThat(Ages.of(Duration.ofSeconds(45))).isEqualTo("45s");
        assertThat(Ages.of(Duration.ofSeconds(119))).isEqualTo("119s");
        assertThat(Ages.of(Duration.ofSeconds(150))).isEqualTo("2m30s");
        assertThat(Ages.of(Duration.ofMinutes(5))).isEqualTo("5m");
        assertThat(Ages.of(Duration.ofMinutes(42))).isEqualTo("42m");
        assertThat(Ages.of(Duration.ofMinutes(3 * 60 + 20))).isEqualTo("3h20m");
        assertThat(Ages.of(Duration.ofHours(30))).isEqualTo("30h");
        assertThat(Ages.of(Duration.ofHours(3 * 24 + 5))).isEqualTo("3d5h");
        assertThat(Ages.of(Duration.ofDays(40))).isEqualTo("40d");
    }

    @Test
    void aMissingOrUnreadableTimeIsADashAndAFutureOneIsZero() {
        Instant now = Instant.parse("2026-11-24T10:00:00Z");
        assertThat(Ages.since(null, now)).isEqualTo("-");
        assertThat(Ages.since("yesterday", now)).isEqualTo("-");
        assertThat(Ages.since("2026-11-24T10:00:30Z", now)).isEqualTo("0s");
    }
}
