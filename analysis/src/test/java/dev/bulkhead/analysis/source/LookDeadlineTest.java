package dev.bulkhead.analysis.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulkhead.analysis.source.MetricSourceException.Kind;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One deadline for all of a look's queries, and no query after the source was unavailable. */
class LookDeadlineTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final QueryResult ONE = new QueryResult(List.of(new Sample(Map.of(), 1, T0)), List.of());

    /** A clock the test (and the fake source, standing for time spent waiting) moves by hand. */
    private static final class MovingClock extends Clock {
        Instant now = T0;

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    private final MovingClock clock = new MovingClock();
    private final List<Duration> asked = new ArrayList<>();

    /** A source that takes {@code each} per query (moving the clock) and answers, or fails with {@code kind}. */
    private MetricSource source(Duration each, Kind kind) {
        return new MetricSource() {
            @Override
            public QueryResult query(String promql, Instant time) {
                throw new AssertionError("a look always passes its time left");
            }

            @Override
            public QueryResult query(String promql, Instant time, Duration within) {
                asked.add(within);
                Duration spent = each.compareTo(within) < 0 ? each : within;
                clock.now = clock.now.plus(spent);
                if (kind != null) {
                    throw new MetricSourceException(kind, "source says " + kind);
                }
                return ONE;
            }
        };
    }

    @Test
    void eachQueryGetsTheTimeLeftOfTheLook() {
        LookDeadline look = new LookDeadline(source(Duration.ofSeconds(4), null), clock, Duration.ofSeconds(10));

        look.query("a", T0);
        look.query("b", T0);
        look.query("c", T0);

        assertThat(asked).containsExactly(Duration.ofSeconds(10), Duration.ofSeconds(6), Duration.ofSeconds(2));
    }

    @Test
    void aQueryAskedWithLessTimeThanTheLookHasKeepsItsOwnBound() {
        LookDeadline look = new LookDeadline(source(Duration.ofSeconds(1), null), clock, Duration.ofSeconds(10));

        look.query("a", T0, Duration.ofSeconds(3));

        assertThat(asked).containsExactly(Duration.ofSeconds(3));
    }

    @Test
    void afterTheFirstUnavailableAnswerNoFurtherQueryOfTheLookIsSent() {
        LookDeadline look = new LookDeadline(source(Duration.ofSeconds(10), Kind.UNAVAILABLE), clock, Duration.ofSeconds(30));

        assertThatThrownBy(() -> look.query("a", T0)).isInstanceOf(MetricSourceException.class);
        for (String q : List.of("b", "c", "d")) {
            assertThatThrownBy(() -> look.query(q, T0)).isInstanceOfSatisfying(MetricSourceException.class, e -> {
                assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
                assertThat(e.getMessage()).contains("an earlier query of this look failed").contains("source says");
            });
        }

        assertThat(asked).as("queries that reached the source").hasSize(1);
        assertThat(Duration.between(T0, clock.now)).as("time the look cost").isEqualTo(Duration.ofSeconds(10));
        assertThat(look.failure()).isPresent();
    }

    @Test
    void aSourceThatNeverAnswersCostsTheLookItsDeadlineAndNoMore() {
        LookDeadline look = new LookDeadline(source(Duration.ofDays(1), Kind.UNAVAILABLE), clock, Duration.ofSeconds(20));

        for (int i = 0; i < 12; i++) {
            assertThatThrownBy(() -> look.query("q", T0)).isInstanceOf(MetricSourceException.class);
        }

        assertThat(Duration.between(T0, clock.now)).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void aRejectedQueryDoesNotStopTheOthers() {
        LookDeadline look = new LookDeadline(source(Duration.ofMillis(10), Kind.REJECTED), clock, Duration.ofSeconds(5));

        assertThatThrownBy(() -> look.query("bad(", T0)).isInstanceOfSatisfying(MetricSourceException.class,
                e -> assertThat(e.kind()).isEqualTo(Kind.REJECTED));
        assertThatThrownBy(() -> look.query("bad(", T0)).isInstanceOf(MetricSourceException.class);

        assertThat(asked).as("a bad query is the query's fault, not the source's").hasSize(2);
        assertThat(look.failure()).isEmpty();
    }

    @Test
    void aQueryAfterTheDeadlineFailsWithoutReachingTheSource() {
        LookDeadline look = new LookDeadline(source(Duration.ofSeconds(1), null), clock, Duration.ofSeconds(5));
        clock.now = T0.plusSeconds(5);

        assertThatThrownBy(() -> look.query("a", T0)).isInstanceOfSatisfying(MetricSourceException.class, e -> {
            assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
            assertThat(e.getMessage()).contains("deadline of PT5S passed");
        });
        assertThat(asked).isEmpty();
    }
}
