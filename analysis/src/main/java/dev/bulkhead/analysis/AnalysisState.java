package dev.bulkhead.analysis;

import dev.bulkhead.analysis.judge.TestState;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the analysis of one rollout remembers between looks; the operator keeps it in the Rollout status and hands
 * it back with the next request, which makes the analysis resumable after a crash.
 *
 * @param startedAt       start of the first interval (the culprit breakdown covers everything since)
 * @param lastEvaluatedAt evaluation time of the previous look: the next look's window starts here, so intervals
 *                        tile without overlap and no event is counted twice
 * @param tests           one sequential test per segment and indicator
 */
public record AnalysisState(Instant startedAt, Instant lastEvaluatedAt, List<TestState> tests) {

    public AnalysisState {
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(lastEvaluatedAt, "lastEvaluatedAt");
        tests = List.copyOf(tests);
    }

    public Optional<TestState> test(String segment, String indicator) {
        return tests.stream().filter(t -> t.segment().equals(segment) && t.indicator().equals(indicator)).findFirst();
    }
}
