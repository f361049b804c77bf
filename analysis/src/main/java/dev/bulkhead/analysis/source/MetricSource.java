package dev.bulkhead.analysis.source;

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
}
