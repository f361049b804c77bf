package dev.bulkhead.analysis.source;

import java.util.List;

/**
 * An instant vector and what the source said about its quality. Prometheus returns warnings (and, since 2.45,
 * infos) for partial responses, for example when a remote-read store or a shard did not answer, or when a
 * function was applied to a series that does not look like a counter: the analysis never promotes on data that
 * came with warnings it did not expect.
 */
public record QueryResult(List<Sample> samples, List<String> warnings) {

    public QueryResult {
        samples = List.copyOf(samples);
        warnings = List.copyOf(warnings);
    }
}
