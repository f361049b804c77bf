package dev.bulkhead.operator.release.flag;

import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The state of a flag in one environment as far as Bulkhead decides it.
 *
 * @param enabled    the master switch: when false the flag is off for everyone in the environment
 * @param strategies Bulkhead's strategies, at most one per name, kept sorted by name; empty exposes nobody
 */
public record FlagState(boolean enabled, List<FlagStrategy> strategies) {

    public FlagState {
        Set<String> names = new HashSet<>();
        for (FlagStrategy s : strategies) {
            if (!names.add(s.name())) {
                throw new IllegalArgumentException("two strategies named " + s.name());
            }
        }
        strategies = strategies.stream().sorted(Comparator.comparing(FlagStrategy::name)).toList();
    }

    /** Off, with no Bulkhead strategy: the state a rollback or a deletion leaves. */
    public static FlagState off() {
        return new FlagState(false, List.of());
    }

    /** On for the tenants these strategies admit. */
    public static FlagState exposing(List<FlagStrategy> strategies) {
        return new FlagState(true, strategies);
    }
}
