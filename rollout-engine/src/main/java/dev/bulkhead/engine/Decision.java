package dev.bulkhead.engine;

import dev.bulkhead.engine.state.RolloutState;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The engine's answer: the next state (to write into the status), the actions to apply, and when to
 * call again with a {@code Tick} if nothing else happens (a bake ending), or null.
 */
public record Decision(RolloutState state, List<Action> actions, Instant wakeAt) {

    public Decision {
        actions = List.copyOf(actions);
    }

    public Optional<Instant> wake() {
        return Optional.ofNullable(wakeAt);
    }

    public <A extends Action> List<A> actions(Class<A> type) {
        return actions.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
