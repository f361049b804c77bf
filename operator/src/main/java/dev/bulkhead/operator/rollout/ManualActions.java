package dev.bulkhead.operator.rollout;

import dev.bulkhead.api.v1alpha1.RolloutAnnotations;
import dev.bulkhead.engine.Event;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Manual control through annotations, so kubectl (and the kubectl plugin) can steer a rollout:
 * {@code bulkhead.dev/action} = promote | promote-full | pause | resume | abort | retry (one-shot: the operator
 * removes it once applied), {@code bulkhead.dev/actor} names who asked, and {@code bulkhead.dev/override-freeze}
 * holds the reason for releasing into segments whose error budget is exhausted (in force while present), and
 * {@code override-freeze.bulkhead.dev/<segment>} the same for one segment only.
 */
public final class ManualActions {

    public static final String ACTION = RolloutAnnotations.ACTION;
    public static final String ACTOR = RolloutAnnotations.ACTOR;
    public static final String OVERRIDE_FREEZE = RolloutAnnotations.OVERRIDE_FREEZE;
    /** Prefix of the per-segment override: {@code override-freeze.bulkhead.dev/<segment>: <reason>}. */
    public static final String SEGMENT_OVERRIDE_FREEZE = RolloutAnnotations.SEGMENT_OVERRIDE_FREEZE_PREFIX;

    private ManualActions() {
    }

    /** The one-shot action the annotations ask for; an unknown word is an error with the accepted ones. */
    public static Optional<Event> action(Map<String, String> annotations) {
        if (annotations == null || !annotations.containsKey(ACTION)) {
            return Optional.empty();
        }
        String actor = annotations.getOrDefault(ACTOR, "unknown");
        String word = annotations.get(ACTION).strip();
        return Optional.of(switch (word) {
            case "promote" -> new Event.Promote(actor);
            case "promote-full" -> new Event.PromoteFull(actor);
            case "pause" -> new Event.Pause(actor, "paused by " + actor);
            case "resume" -> new Event.Resume(actor);
            case "abort" -> new Event.Abort(actor, "aborted by " + actor);
            case "retry" -> new Event.Retry(actor);
            default -> throw new IllegalArgumentException("metadata.annotations[" + ACTION + "]: '" + word
                    + "' is not an action; use promote, promote-full, pause, resume, abort or retry");
        });
    }

    /** The per-segment budget-freeze overrides in force: segment to reason. */
    public static Map<String, String> segmentFreezeOverrides(Map<String, String> annotations) {
        Map<String, String> out = new TreeMap<>();
        if (annotations != null) {
            annotations.forEach((key, value) -> {
                if (key.startsWith(SEGMENT_OVERRIDE_FREEZE) && value != null && !value.isBlank()) {
                    out.put(key.substring(SEGMENT_OVERRIDE_FREEZE.length()), value.strip());
                }
            });
        }
        return out;
    }

    /** The budget-freeze override in force, with its reason. */
    public static Optional<String> freezeOverride(Map<String, String> annotations) {
        return Optional.ofNullable(annotations).map(a -> a.get(OVERRIDE_FREEZE)).map(String::strip).filter(r -> !r.isEmpty());
    }
}
