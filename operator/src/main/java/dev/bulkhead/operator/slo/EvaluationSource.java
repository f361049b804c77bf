package dev.bulkhead.operator.slo;

import dev.bulkhead.analysis.source.MetricSource;
import dev.bulkhead.analysis.source.MetricSourceException;
import dev.bulkhead.analysis.source.QueryResult;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The metric source for one evaluation of one SLO. {@code SegmentAnalyzer.evaluateSlo} turns a failed query into
 * a warning and leaves the indicator out, which is right for a report but would let a segment that is exhausted on
 * that indicator look healthy. This wrapper remembers the first failure so the reconciler can throw the whole
 * evaluation away, and once the source was unavailable it stops asking (each attempt would wait for the client's
 * retries again).
 */
final class EvaluationSource implements MetricSource {

    private final MetricSource delegate;
    private MetricSourceException failure;

    EvaluationSource(MetricSource delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    @Override
    public QueryResult query(String promql, Instant time) {
        if (failure != null && failure.kind() != MetricSourceException.Kind.REJECTED) {
            throw failure;
        }
        try {
            return delegate.query(promql, time);
        } catch (MetricSourceException e) {
            if (failure == null) {
                failure = e;
            }
            throw e;
        }
    }

    /** The first query failure of this evaluation. */
    Optional<MetricSourceException> failure() {
        return Optional.ofNullable(failure);
    }
}
