package dev.bulkhead.operator.rollout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulkhead.analysis.AnalysisState;
import dev.bulkhead.analysis.VerdictRecord;
import dev.bulkhead.engine.state.RolloutState;
import dev.bulkhead.engine.state.RolloutStateJson;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@code status.engine} of a Rollout holds: the engine's state and the analysis' sequential-test state per
 * SLO, for the revision they were computed for, plus the latest verdicts with their numbers. It is everything a
 * restarted operator needs to continue exactly where the previous one stopped.
 *
 * @param state            the release engine's state
 * @param analyzedRevision the revision the analysis state belongs to; a new revision starts the tests afresh
 * @param analysis         the analysis state per SLO name
 * @param lastAnalysisAt   when the analysis last ran, or null
 * @param verdicts         the latest verdict records, oldest first, bounded
 */
public record EngineRecord(RolloutState state, String analyzedRevision, Map<String, AnalysisState> analysis,
        Instant lastAnalysisAt, List<VerdictRecord> verdicts) {

    /** Verdict records kept in status; each interval adds one per judged segment and SLO. */
    public static final int VERDICT_LIMIT = 40;

    private static final ObjectMapper JSON = RolloutStateJson.mapper();

    public EngineRecord {
        analysis = analysis == null ? Map.of() : new TreeMap<>(analysis);
        verdicts = verdicts == null ? List.of() : List.copyOf(verdicts);
    }

    public static EngineRecord initial() {
        return new EngineRecord(RolloutState.initial(), null, Map.of(), null, List.of());
    }

    /** Reads the record from a status; an absent one is the initial record. */
    public static EngineRecord read(JsonNode node) {
        if (node == null || node.isNull() || node.isEmpty()) {
            return initial();
        }
        try {
            return JSON.treeToValue(node, EngineRecord.class);
        } catch (Exception e) {
            throw new IllegalArgumentException("status.engine cannot be read (" + e.getMessage()
                    + "); the Rollout's status was edited by hand or written by an incompatible version", e);
        }
    }

    public JsonNode toJson() {
        return JSON.valueToTree(this);
    }

    public EngineRecord withState(RolloutState next) {
        return new EngineRecord(next, analyzedRevision, analysis, lastAnalysisAt, verdicts);
    }
}
