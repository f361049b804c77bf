package dev.bulkhead.operator.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ReviewBudgetTest {

    private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");

    @Test
    void allowsTheBurstThenTheRateAndRefusesBeyondWith429() {
        MovingClock clock = new MovingClock();
        ReviewBudget budget = new ReviewBudget(clock, 10, 20);
        for (int i = 0; i < 20; i++) {
            budget.spend();
        }
        assertThatThrownBy(budget::spend).isInstanceOfSatisfying(DashboardProblem.class,
                p -> assertThat(p.getResponse().getStatus()).isEqualTo(429));

        clock.now = clock.now.plus(Duration.ofMillis(500));
        for (int i = 0; i < 5; i++) {
            budget.spend();
        }
        assertThatThrownBy(budget::spend).isInstanceOf(DashboardProblem.class);

        clock.now = clock.now.plus(Duration.ofHours(1));
        for (int i = 0; i < 20; i++) {
            budget.spend();
        }
        assertThatThrownBy(budget::spend).as("an idle hour refills the burst, no more").isInstanceOf(DashboardProblem.class);
    }

    private static final class MovingClock extends Clock {
        Instant now = T0;

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
