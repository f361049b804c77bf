package dev.bulkhead.operator.rollout;

import dev.bulkhead.api.v1alpha1.AppliedAction;
import dev.bulkhead.api.v1alpha1.RolloutAnnotations;
import dev.bulkhead.engine.Event;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Manual control through annotations, so kubectl (and the kubectl plugin) can steer a rollout:
 * {@code bulkhead.dev/action} = promote | promote-full | pause | resume | abort | retry (one-shot: the operator
 * removes it once applied), {@code bulkhead.dev/action-id} makes each request applied exactly once (its id is recorded
 * in {@code status.actions} with the action's effect, before the annotations go), {@code bulkhead.dev/actor} names who
 * asked, and {@code bulkhead.dev/override-freeze}
 * holds the reason for releasing into segments whose error budget is exhausted (in force while present), and
 * {@code override-freeze.bulkhead.dev/<segment>} the same for one segment only.
 */
public final class ManualActions {

    public static final String ACTION = RolloutAnnotations.ACTION;
    public static final String ACTOR = RolloutAnnotations.ACTOR;
    public static final String ACTION_ID = RolloutAnnotations.ACTION_ID;
    /** Consumed actions kept in status: enough to recognise any replay of an annotation not yet removed. */
    public static final int KEPT = 20;
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

    /** What the action annotations ask for, against the actions status says were consumed. */
    public sealed interface Request {
    }

    /** No action annotation. */
    public record NoAction() implements Request {
    }

    /** A plain action without an id (a hand-written {@code kubectl annotate}): the operator gives it one first. */
    public record Unnumbered(String word) implements Request {
    }

    /** An action whose id status already records: applied before, only its annotations are left to remove. */
    public record Replay(String id) implements Request {
    }

    /**
     * An action to apply now: the engine event, or empty with {@code invalid} saying why the word is not an action
     * (it is consumed all the same, with a Warning, so it does not come back every reconcile).
     */
    public record Pending(String id, String word, String actor, Optional<Event> event, String invalid) implements Request {
    }

    public static Request request(Map<String, String> annotations, List<AppliedAction> consumed) {
        if (annotations == null || !annotations.containsKey(ACTION)) {
            return new NoAction();
        }
        String word = annotations.get(ACTION).strip();
        String id = Optional.ofNullable(annotations.get(ACTION_ID)).map(String::strip).filter(v -> !v.isEmpty()).orElse(null);
        if (id == null) {
            return new Unnumbered(word);
        }
        // The word is compared too: "kubectl annotate --overwrite" of another action keeps an old id, and is a new request.
        if (consumed != null && consumed.stream().anyMatch(a -> id.equals(a.id()) && word.equals(a.action()))) {
            return new Replay(id);
        }
        String actor = annotations.getOrDefault(ACTOR, "unknown");
        try {
            return new Pending(id, word, actor, action(annotations), null);
        } catch (IllegalArgumentException e) {
            return new Pending(id, word, actor, Optional.empty(), e.getMessage());
        }
    }

    /** The consumed actions with {@code applied} added, newest last, the oldest dropped beyond {@link #KEPT}. */
    public static List<AppliedAction> consumed(List<AppliedAction> before, AppliedAction applied) {
        List<AppliedAction> out = new ArrayList<>(before == null ? List.of() : before);
        out.add(applied);
        return List.copyOf(out.subList(Math.max(0, out.size() - KEPT), out.size()));
    }

    /**
     * A short id derived from {@code parts} (a Rollout's uid and the resourceVersion a decision was made from are unique
     * together): lower-case hex, fit for an Event name.
     */
    public static String id(String... parts) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String part : parts) {
                sha.update(String.valueOf(part).getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
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
