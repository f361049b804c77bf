package dev.bulkhead.operator.release.flag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What every {@link FlagStore} promises, run against each adapter on the real flag system. Each test works on a flag
 * of its own ({@link #newFlag()}).
 */
public abstract class FlagStoreContract {

    protected static final String GROUP = "rollout-web-1";

    protected abstract FlagStore store();

    /** A flag name no other test uses, in an environment that exists. */
    protected abstract FlagLocation newFlag();

    /** The tenant key context field the tests' strategies use. */
    protected abstract String tenantKey();

    /** Adds a strategy the way a user would in the flag system's UI (no Bulkhead marker). */
    protected abstract void addUserStrategy(FlagLocation flag);

    /** Changes a Bulkhead strategy by hand, e.g. raising its percentage. */
    protected abstract void alterManagedStrategyByHand(FlagLocation flag, String title);

    private FlagStrategy segment(String name, int percent, String... tenants) {
        return FlagStrategy.forSegment(name, List.of(tenants), percent, tenantKey(), GROUP);
    }

    private ObservedFlag observe(FlagLocation flag) {
        return store().observe(flag).orElseThrow(() -> new AssertionError(flag + " does not exist"));
    }

    @Test
    void ensureCreatesTheFlagWithBulkheadsStrategiesAndSwitchesItOn() {
        FlagLocation flag = newFlag();
        FlagState desired = FlagState.exposing(List.of(segment("internal", 100, "qa", "staff"),
                segment("free", 10, "f1", "f2", "f3")));

        store().ensure(flag, "checkout v2", desired);

        ObservedFlag observed = observe(flag);
        assertThat(observed.realises(desired)).isTrue();
        assertThat(observed.environmentEnabled()).isTrue();
        assertThat(observed.managed()).isEqualTo(desired.strategies());
    }

    @Test
    void ensureTwiceLeavesTheSameState() {
        FlagLocation flag = newFlag();
        FlagState desired = FlagState.exposing(List.of(segment("free", 10, "f1")));
        store().ensure(flag, null, desired);
        ObservedFlag first = observe(flag);

        store().ensure(flag, null, desired);

        assertThat(observe(flag)).isEqualTo(first);
    }

    @Test
    void ensureMovesToTheNextStepReplacingChangedStrategiesAndDroppingOldOnes() {
        FlagLocation flag = newFlag();
        store().ensure(flag, null, FlagState.exposing(List.of(segment("internal", 100, "qa"), segment("free", 10, "f1"))));
        FlagState next = FlagState.exposing(List.of(segment("free", 50, "f1"),
                FlagStrategy.forDefaultSegment("rest", List.of("qa", "f1"), 5, tenantKey(), GROUP),
                FlagStrategy.forTenants(List.of("vip"), tenantKey(), GROUP)));

        store().ensure(flag, null, next);

        assertThat(observe(flag).realises(next)).isTrue();
    }

    @Test
    void driftMadeByHandIsSeenAndCorrectedByEnsure() {
        FlagLocation flag = newFlag();
        FlagState desired = FlagState.exposing(List.of(segment("free", 10, "f1", "f2")));
        store().ensure(flag, null, desired);
        alterManagedStrategyByHand(flag, "bulkhead:free");
        assertThat(observe(flag).realises(desired)).isFalse();

        store().ensure(flag, null, desired);

        assertThat(observe(flag).realises(desired)).isTrue();
    }

    @Test
    void userStrategiesAreNeverTouchedAndKeepTheEnvironmentOn() {
        FlagLocation flag = newFlag();
        store().ensure(flag, null, FlagState.exposing(List.of(segment("free", 10, "f1"))));
        addUserStrategy(flag);

        store().ensure(flag, null, FlagState.exposing(List.of(segment("free", 20, "f1"))));
        assertThat(observe(flag).userStrategies()).isEqualTo(1);
        store().removeManagedStrategies(flag);

        ObservedFlag observed = observe(flag);
        assertThat(observed.managed()).isEmpty();
        assertThat(observed.userStrategies()).isEqualTo(1);
        assertThat(observed.environmentEnabled()).isTrue();
    }

    @Test
    void removingBulkheadsStrategiesSwitchesTheFlagOffWhenNoUserStrategyRemains() {
        FlagLocation flag = newFlag();
        store().ensure(flag, null, FlagState.exposing(List.of(segment("free", 10, "f1"), segment("paying", 5, "p1"))));

        store().removeManagedStrategies(flag);

        ObservedFlag observed = observe(flag);
        assertThat(observed.managed()).isEmpty();
        assertThat(observed.environmentEnabled()).isFalse();
        assertThat(observed.realises(FlagState.off())).isTrue();
    }

    @Test
    void anEnabledFlagWithoutStrategiesStaysOffBecauseAnEmptyEnabledEnvironmentIsOnForEveryone() {
        FlagLocation flag = newFlag();

        store().ensure(flag, null, FlagState.exposing(List.of()));

        assertThat(observe(flag).environmentEnabled()).isFalse();
        assertThat(observe(flag).userStrategies()).isZero();
    }

    @Test
    void aMissingFlagObservesEmptyAndNeedsNoRemovalOrArchive() {
        FlagLocation flag = newFlag();

        assertThat(store().observe(flag)).isEmpty();
        store().removeManagedStrategies(flag);
        store().archive(flag);
        assertThat(store().observe(flag)).isEmpty();
    }

    @Test
    void anArchivedFlagIsGoneAndEnsureBringsItBack() {
        FlagLocation flag = newFlag();
        FlagState desired = FlagState.exposing(List.of(segment("free", 10, "f1")));
        store().ensure(flag, null, desired);

        store().archive(flag);
        assertThat(store().observe(flag)).isEmpty();
        store().ensure(flag, null, desired);

        assertThat(observe(flag).realises(desired)).isTrue();
    }

    @Test
    void anUnknownEnvironmentFailsNamingIt() {
        FlagLocation known = newFlag();
        FlagLocation flag = new FlagLocation(known.project(), "no-such-environment", known.feature());

        assertThatThrownBy(() -> store().ensure(flag, null, FlagState.exposing(List.of(segment("free", 10, "f1")))))
                .isInstanceOf(FlagStoreException.class)
                .hasMessageContaining("no-such-environment")
                .satisfies(e -> assertThat(((FlagStoreException) e).isTransient()).isFalse());
    }
}
