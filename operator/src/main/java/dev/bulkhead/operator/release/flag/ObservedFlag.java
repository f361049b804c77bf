package dev.bulkhead.operator.release.flag;

import java.util.List;

/**
 * A flag's environment as read from Unleash.
 *
 * @param environmentEnabled the environment's switch
 * @param managed            Bulkhead's strategies that have exactly the shape Bulkhead writes, sorted by name
 * @param altered            titles of strategies marked as Bulkhead's whose shape was changed by hand (another
 *                           strategy type, extra constraints, segments, variants, disabled); {@code ensure} rewrites
 *                           them
 * @param userStrategies     number of strategies without Bulkhead's title prefix; never touched
 */
public record ObservedFlag(boolean environmentEnabled, List<FlagStrategy> managed, List<String> altered,
        int userStrategies) {

    public ObservedFlag {
        managed = new FlagState(false, managed).strategies();
        altered = List.copyOf(altered);
    }

    /**
     * Whether Unleash holds what {@link FlagStore#ensure} would write for {@code desired}: the same managed strategies,
     * none altered, and the environment on exactly when the flag is enabled and has a strategy to evaluate.
     */
    public boolean realises(FlagState desired) {
        return altered.isEmpty() && managed.equals(desired.strategies())
                && environmentEnabled == FlagStore.environmentShouldBeOn(desired, userStrategies);
    }
}
