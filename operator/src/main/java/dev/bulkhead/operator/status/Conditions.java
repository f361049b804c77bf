package dev.bulkhead.operator.status;

import dev.bulkhead.api.v1alpha1.Condition;
import dev.bulkhead.api.v1alpha1.ConditionStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Merges conditions the Kubernetes way: one entry per type, {@code lastTransitionTime} kept while the status
 * does not change, so a repeated reconcile with the same outcome writes the same status (and no patch).
 */
public final class Conditions {

    private Conditions() {
    }

    /** A condition of {@code type} with the given outcome, observed at {@code generation}. */
    public static Condition of(String type, ConditionStatus status, String reason, String message, long generation,
            Instant now) {
        return new Condition(type, status, reason, message, now.toString(), generation);
    }

    /**
     * The existing conditions with {@code updates} applied: a type whose status is unchanged keeps its
     * transition time; other types are kept as they are. The result is sorted by type for a stable order.
     */
    public static List<Condition> merge(List<Condition> existing, List<Condition> updates) {
        List<Condition> result = new ArrayList<>(existing == null ? List.of() : existing);
        for (Condition update : updates) {
            Optional<Condition> previous = find(result, update.type());
            String transition = previous.filter(p -> p.status() == update.status())
                    .map(Condition::lastTransitionTime)
                    .orElse(update.lastTransitionTime());
            result.removeIf(c -> c.type().equals(update.type()));
            result.add(new Condition(update.type(), update.status(), update.reason(), update.message(), transition,
                    update.observedGeneration()));
        }
        result.sort(Comparator.comparing(Condition::type));
        return List.copyOf(result);
    }

    public static Optional<Condition> find(List<Condition> conditions, String type) {
        return conditions == null ? Optional.empty()
                : conditions.stream().filter(c -> Objects.equals(c.type(), type)).findFirst();
    }

    public static boolean isTrue(List<Condition> conditions, String type) {
        return find(conditions, type).map(c -> c.status() == ConditionStatus.TRUE).orElse(false);
    }
}
