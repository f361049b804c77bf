package dev.bulkhead.analysis.source;

import dev.bulkhead.analysis.source.MetricSourceException.Kind;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The metric source as one analysis look sees it: all of the look's queries share one deadline, and once the source
 * was unavailable (or refused the credentials) every further query of the look fails at once. A look runs a grouped
 * query per indicator and SLO; without this, a Prometheus that accepts connections and never answers would cost
 * queries × timeout × attempts per look instead of the look's deadline. One instance per look; not thread-safe.
 */
public final class LookDeadline implements MetricSource {

    private final MetricSource delegate;
    private final Clock clock;
    private final Instant deadline;
    private final Duration budget;
    private MetricSourceException failure;

    /**
     * @param budget the whole look's time, from now on {@code clock}
     */
    public LookDeadline(MetricSource delegate, Clock clock, Duration budget) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.budget = Objects.requireNonNull(budget, "budget");
        this.deadline = clock.instant().plus(budget);
    }

    @Override
    public QueryResult query(String promql, Instant time) {
        return query(promql, time, budget);
    }

    /** Asks the source with {@code min(within, time left)}; fails at once after the look's first unavailable answer. */
    @Override
    public QueryResult query(String promql, Instant time, Duration within) {
        if (failure != null) {
            throw new MetricSourceException(failure.kind(), "not asked: an earlier query of this look failed ("
                    + failure.getMessage() + ")", failure);
        }
        Duration left = Duration.between(clock.instant(), deadline);
        if (left.isNegative() || left.isZero()) {
            failure = new MetricSourceException(Kind.UNAVAILABLE, "the look's deadline of " + budget
                    + " passed before this query could be asked");
            throw failure;
        }
        try {
            return delegate.query(promql, time, left.compareTo(within) < 0 ? left : within);
        } catch (MetricSourceException e) {
            if (e.kind() == Kind.UNAVAILABLE || e.kind() == Kind.UNAUTHORIZED) {
                failure = e; // the source, not the query: asking again in the same look cannot help
            }
            throw e;
        }
    }

    /** The failure that stopped this look's queries, if any. */
    public java.util.Optional<MetricSourceException> failure() {
        return java.util.Optional.ofNullable(failure);
    }
}
