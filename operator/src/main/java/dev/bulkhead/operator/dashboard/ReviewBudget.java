package dev.bulkhead.operator.dashboard;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * A token bucket on the TokenReviews and SubjectAccessReviews the dashboard sends to the API server: {@code burst}
 * at once, then {@code perSecond}. Every dashboard request costs the API server one or more reviews, and anyone who
 * reaches the port can send requests (a bad token still costs a TokenReview), so the dashboard must not become a way
 * to load the API server. Past the budget a request is answered 429 without asking anyone. Thread-safe.
 */
public final class ReviewBudget {

    private final Clock clock;
    private final double perSecond;
    private final double burst;
    private double tokens;
    private Instant last;

    public ReviewBudget(Clock clock, double perSecond, int burst) {
        if (perSecond <= 0 || burst < 1) {
            throw new IllegalArgumentException("a review budget needs a positive rate and a burst of at least 1");
        }
        this.clock = clock;
        this.perSecond = perSecond;
        this.burst = burst;
        this.tokens = burst;
        this.last = clock.instant();
    }

    /** Takes one review from the budget, or refuses with 429 when there is none left. */
    public synchronized void spend() {
        Instant now = clock.instant();
        long nanos = Math.max(0, Duration.between(last, now).toNanos());
        tokens = Math.min(burst, tokens + nanos / 1e9 * perSecond);
        last = now;
        if (tokens < 1) {
            throw DashboardProblem.tooManyRequests("the dashboard checks at most " + (long) perSecond
                    + " tokens or permissions per second with the API server and that budget is spent; retry in a moment");
        }
        tokens -= 1;
    }
}
