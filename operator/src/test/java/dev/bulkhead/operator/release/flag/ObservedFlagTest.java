package dev.bulkhead.operator.release.flag;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ObservedFlagTest {

    private static final FlagStrategy FREE = FlagStrategy.forSegment("free", List.of("a", "b"), 25, "tenantId", "r1");

    @Test
    void anEnabledFlagWithStrategiesNeedsTheEnvironmentOn() {
        FlagState desired = FlagState.exposing(List.of(FREE));

        assertThat(new ObservedFlag(true, List.of(FREE), List.of(), 0).realises(desired)).isTrue();
        assertThat(new ObservedFlag(false, List.of(FREE), List.of(), 0).realises(desired)).isFalse();
    }

    @Test
    void anEnabledFlagWithoutAnyStrategyKeepsTheEnvironmentOffBecauseUnleashWouldTurnItOnForEveryone() {
        FlagState desired = FlagState.exposing(List.of());

        assertThat(new ObservedFlag(false, List.of(), List.of(), 0).realises(desired)).isTrue();
        assertThat(new ObservedFlag(true, List.of(), List.of(), 0).realises(desired)).isFalse();
        assertThat(new ObservedFlag(true, List.of(), List.of(), 1).realises(desired)).isTrue();
    }

    @Test
    void aStrategyAlteredByHandIsDrift() {
        assertThat(new ObservedFlag(true, List.of(FREE), List.of("bulkhead:paying"), 0)
                .realises(FlagState.exposing(List.of(FREE)))).isFalse();
    }

    @Test
    void aDifferentPercentIsDrift() {
        FlagStrategy at50 = FlagStrategy.forSegment("free", List.of("b", "a"), 50, "tenantId", "r1");

        assertThat(new ObservedFlag(true, List.of(at50), List.of(), 0).realises(FlagState.exposing(List.of(FREE))))
                .isFalse();
        assertThat(new ObservedFlag(true, List.of(FlagStrategy.forSegment("free", List.of("b", "a"), 25, "tenantId",
                "r1")), List.of(), 0).realises(FlagState.exposing(List.of(FREE)))).isTrue();
    }

    @Test
    void theDefaultSegmentExcludesTenantsListedElsewhereOrAdmitsEveryoneWhenNoneAre() {
        assertThat(FlagStrategy.forDefaultSegment("rest", List.of("a"), 5, "tenantId", "r1").constraint())
                .isEqualTo(TenantConstraint.notIn("tenantId", List.of("a")));
        assertThat(FlagStrategy.forDefaultSegment("rest", List.of(), 5, "tenantId", "r1").constraint()).isNull();
    }
}
