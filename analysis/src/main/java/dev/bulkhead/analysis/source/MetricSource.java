package dev.bulkhead.analysis.source;

import java.time.Duration;
import java.time.Instant;

/**
 * The port through which the analysis reads metrics. Queries are read-only, so every method is idempotent and
 * safe to retry; implementations retry transient failures themselves and then throw
 * {@link MetricSourceException}, whose {@link MetricSourceException.Kind} tells a rejected query (the user must
 * fix the PromQL) from an unavailable source (try again, roll back after repeated failures).
 */
public interface MetricSource {

    /** Evaluates an instant query at {@code time} (never "now": the caller decides the evaluation time). */
    QueryResult query(String promql, Instant time);

    /**
     * The same query, answered or failed within {@code within} in all: every attempt and every wait between attempts
     * included, so a caller with a deadline (one analysis look) is never held past it. A source that runs out of time
     * throws {@link MetricSourceException.Kind#UNAVAILABLE}. The default is for sources that answer from memory and
     * cannot be slow; a source that goes over the network overrides it.
     */
    default QueryResult query(String promql, Instant time, Duration within) {
        return query(promql, time);
    }
}
