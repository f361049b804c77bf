package dev.bulkhead.operator;

import io.javaoperatorsdk.operator.processing.retry.GenericRetry;
import java.time.Duration;

/**
 * How a reconcile that threw is retried: exponential backoff from {@link #INITIAL} doubling up to {@link #MAX}, and
 * never given up. JOSDK's default gives up after 5 attempts and schedules nothing more, so an API server or quota
 * hiccup longer than about a minute would leave a Rollout unreconciled until some unrelated event touched it; a
 * Rollout with tenants exposed must always be looked at again. The cap keeps a long outage from costing more than one
 * attempt per resource every {@link #MAX}.
 */
public final class ReconcileRetry {

    public static final Duration INITIAL = Duration.ofSeconds(2);
    public static final Duration MAX = Duration.ofMinutes(2);

    private ReconcileRetry() {
    }

    /** The operator's retry: {@link #INITIAL}, doubling, capped at {@link #MAX}, no limit on attempts. */
    public static GenericRetry policy() {
        return of(INITIAL, MAX);
    }

    /** The same shape with other intervals (tests use short ones). */
    public static GenericRetry of(Duration initial, Duration max) {
        return new GenericRetry().setInitialInterval(initial.toMillis()).setIntervalMultiplier(2)
                .setMaxInterval(max.toMillis()).withoutMaxAttempts();
    }
}
