package dev.bulkhead.operator.featureflag;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkhead.operator.release.flag.FlagLocation;
import dev.bulkhead.operator.release.flag.FlagState;
import dev.bulkhead.operator.release.flag.FlagStrategy;
import dev.bulkhead.operator.release.flag.ObservedFlag;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FlagDriftTest {

    private static final FlagLocation LOCATION = new FlagLocation("default", "development", "dark-mode");
    private static final FlagStrategy FREE = FlagStrategy.forSegment("free", List.of("f1", "f2"), 10, "tenantId", "dark-mode");
    private static final FlagStrategy INTERNAL = FlagStrategy.forSegment("internal", List.of("staff"), 100, "tenantId",
            "dark-mode");
    private static final FlagState EXPECTED = FlagState.exposing(List.of(FREE, INTERNAL));

    @Test
    void nothingDiffersWhenUnleashHoldsTheExpectedState() {
        assertThat(FlagDrift.between(LOCATION, Optional.of(new ObservedFlag(true, List.of(FREE, INTERNAL), List.of(), 0)),
                EXPECTED)).isEmpty();
    }

    @Test
    void namesAStrategyWhoseRolloutAndTenantsWereEditedByHand() {
        FlagStrategy edited = FlagStrategy.forSegment("free", List.of("f1", "intruder"), 60, "tenantId", "dark-mode");

        List<String> drift = FlagDrift.between(LOCATION,
                Optional.of(new ObservedFlag(true, List.of(edited, INTERNAL), List.of(), 0)), EXPECTED);

        assertThat(drift).containsExactly("strategy bulkhead:free has rollout 60%, expected 10%, "
                + "lists intruder not in the spec and lacks f2");
    }

    @Test
    void namesASwitchedOffEnvironmentARemovedStrategyAndAReshapedOne() {
        List<String> drift = FlagDrift.between(LOCATION,
                Optional.of(new ObservedFlag(false, List.of(), List.of("bulkhead:internal"), 0)), EXPECTED);

        assertThat(drift).containsExactly("environment development is off, expected on",
                "strategy bulkhead:internal was changed to a shape Bulkhead does not write",
                "strategy bulkhead:free is missing");
    }

    @Test
    void namesAStrategyBulkheadNoLongerWantsAndAMissingFeature() {
        assertThat(FlagDrift.between(LOCATION, Optional.of(new ObservedFlag(true, List.of(FREE, INTERNAL), List.of(), 0)),
                FlagState.exposing(List.of(FREE)))).containsExactly("strategy bulkhead:internal is not in the spec");
        assertThat(FlagDrift.between(LOCATION, Optional.empty(), EXPECTED))
                .containsExactly("feature dark-mode is missing from project default (deleted or archived in Unleash)");
    }

    @Test
    void ignoresUserStrategiesButExpectsTheEnvironmentOnForThem() {
        assertThat(FlagDrift.between(LOCATION, Optional.of(new ObservedFlag(true, List.of(), List.of(), 2)),
                FlagState.exposing(List.of()))).isEmpty();
    }
}
