package dev.bulkhead.kubectl.render;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulkhead.analysis.VerdictRecord;
import dev.bulkhead.analysis.cli.AnalyzeCommand;
import dev.bulkhead.api.v1alpha1.Rollout;
import dev.bulkhead.engine.state.RolloutState;
import dev.bulkhead.engine.state.RolloutStateJson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What {@code status.engine} adds to the readable status: the engine's state (every exposed tenant's impact, when each
 * step started, what blocks the next one, frozen segments) and the analysis' latest looks with their numbers. Read
 * leniently: a record this plugin cannot read (an operator of another version) shows as absent, never as an error.
 */
public final class EngineView {

    private static final ObjectMapper STATE = RolloutStateJson.mapper();
    private static final ObjectMapper VERDICTS = AnalyzeCommand.json()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final RolloutState state;
    private final List<VerdictRecord> looks;

    private EngineView(RolloutState state, List<VerdictRecord> looks) {
        this.state = state;
        this.looks = looks;
    }

    public static EngineView of(Rollout rollout) {
        JsonNode engine = rollout.getStatus() == null ? null : rollout.getStatus().engine();
        if (engine == null || !engine.isObject()) {
            return new EngineView(null, List.of());
        }
        RolloutState state = null;
        try {
            state = STATE.treeToValue(engine.path("state"), RolloutState.class);
        } catch (Exception e) {
            // unreadable: shown as absent
        }
        List<VerdictRecord> looks = new ArrayList<>();
        for (JsonNode v : engine.path("verdicts")) {
            try {
                looks.add(VERDICTS.treeToValue(v, VerdictRecord.class));
            } catch (Exception e) {
                // one unreadable look is left out
            }
        }
        return new EngineView(state, List.copyOf(looks));
    }

    /** The engine's state, when the record could be read. */
    public Optional<RolloutState> state() {
        return Optional.ofNullable(state);
    }

    public Optional<Instant> stepStartedAt(String segment) {
        return state().flatMap(s -> s.segment(segment)).map(s -> s.stepStartedAt());
    }

    public Optional<String> blockedBy() {
        return state().map(RolloutState::blockedBy).filter(b -> !b.isBlank());
    }

    /** Whether the segment's error budget is exhausted (it is frozen unless an override lifts the freeze). */
    public boolean exhausted(String segment) {
        return state().map(s -> s.frozenSegments().contains(segment)).orElse(false);
    }

    /** The reason of the override the operator applied for the segment: its own, else the one for every segment. */
    public Optional<String> appliedOverride(String segment) {
        return state().flatMap(s -> Optional.ofNullable(s.segmentOverrides().get(segment))
                .or(() -> Optional.ofNullable(s.budgetOverride()))).map(o -> o.reason());
    }

    /** The analysis' looks at {@code segment} since {@code since} (all of them when null), oldest first. */
    public List<VerdictRecord> looks(String segment, Instant since) {
        return looks.stream().filter(l -> segment.equals(l.segment()))
                .filter(l -> since == null || l.evaluatedAt() == null || !l.evaluatedAt().isBefore(since)).toList();
    }
}
