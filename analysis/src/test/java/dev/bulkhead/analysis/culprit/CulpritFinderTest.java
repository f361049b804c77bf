package dev.bulkhead.analysis.culprit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.bulkhead.analysis.judge.ArmCounts;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CulpritFinderTest {

    @Test
    void ranksByExcessBadEventsAndControlsForManyTenants() {
        // Stable: 0.1% bad (99.5 + 0.5 smoothing over 100,000 + 1 events).
        ArmCounts stable = new ArmCounts(100_000, 99.5);
        Map<String, ArmCounts> canary = new LinkedHashMap<>();
        canary.put("acme", new ArmCounts(2000, 40));     // 2%: the culprit
        canary.put("globex", new ArmCounts(1000, 10));   // 1%: also hurt
        canary.put("initech", new ArmCounts(3000, 4));   // 4 where 3 are expected: noise
        canary.put("hooli", new ArmCounts(500, 0));
        List<CulpritTenant> ranked = CulpritFinder.rank("availability", canary, stable, 0.05);

        assertThat(ranked).extracting(CulpritTenant::tenant).containsExactly("acme", "globex", "initech");
        CulpritTenant acme = ranked.get(0);
        assertThat(acme.expectedBad()).isCloseTo(2000 * 100.0 / 100_001, within(1e-9));
        assertThat(acme.excessBad()).isCloseTo(40 - 2000 * 100.0 / 100_001, within(1e-9));
        assertThat(acme.significant()).isTrue();
        // Holm: the smallest p-value is held against α/4, the next against α/3.
        assertThat(acme.holmThreshold()).isCloseTo(0.05 / 4, within(1e-15));
        assertThat(ranked.get(1).significant()).isTrue();
        assertThat(ranked.get(1).holmThreshold()).isCloseTo(0.05 / 3, within(1e-15));
        assertThat(ranked.get(2).significant()).isFalse();
    }

    @Test
    void noTenantIsBlamedWhenCanaryMatchesStable() {
        Map<String, ArmCounts> canary = Map.of("a", new ArmCounts(1000, 1), "b", new ArmCounts(5000, 6));
        assertThat(CulpritFinder.rank("availability", canary, new ArmCounts(100_000, 100), 0.05))
                .noneMatch(CulpritTenant::significant);
    }
}
