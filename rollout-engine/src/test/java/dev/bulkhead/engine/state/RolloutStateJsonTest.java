package dev.bulkhead.engine.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class RolloutStateJsonTest {

    private static final Instant AT = Instant.parse("2026-11-23T01:02:03.456789Z");

    static RolloutState rich() {
        return new RolloutState("v2", "v1", "v0", null, true, Phase.FROZEN, "ErrorBudgetExhausted", "budget of free is gone", AT,
                "ErrorBudgetExhausted", 1,
                List.of(new SegmentState("internal", SegmentStatus.RELEASED, 0, 100, AT, Verdict.PASS, 0, 0, 0),
                        new SegmentState("free", SegmentStatus.PROGRESSING, 1, 25, AT.plusSeconds(60), Verdict.NO_DATA, 1, 3, 2)),
                null, new TreeSet<>(List.of("free", "paying")), new BudgetOverride("CVE fix", AT),
                new TreeMap<>(Map.of("paying", new BudgetOverride("P0 fix", AT))),
                new TreeSet<>(List.of("paying")), List.of(new ReleasedRevision("v1", AT, null)),
                new TreeMap<>(Map.of("acme", new TenantImpact("acme", "free", 120, 4))),
                new ImpactTotals(1_500, 9, 90_120, 204, false),
                List.of(new HistoryEntry(AT, Phase.PROGRESSING, "StepStarted", "v2", "free", "free step 1: 25%")));
    }

    @Test
    void roundTripsUnchanged() {
        RolloutState state = rich();
        String json = RolloutStateJson.write(state);
        assertThat(RolloutStateJson.read(json)).isEqualTo(state);
        assertThat(RolloutStateJson.write(RolloutStateJson.read(json))).isEqualTo(json);
        assertThat(json).contains("\"phaseSince\":\"2026-11-23T01:02:03.456789Z\"");
        // Only the record's components are written, not derived views such as exposedSegments().
        assertThat(json).doesNotContain("exposedSegments").doesNotContain("\"exposed\"");
    }

    @Test
    void aStateWrittenBeforeTheLedgerWasBoundedTakesItsTotalsFromEveryTenant() {
        String json = RolloutStateJson.write(rich()).replaceAll(",?\"impactTotals\":\\{[^}]*\\}", "");
        assertThat(json).doesNotContain("impactTotals");

        assertThat(RolloutStateJson.read(json).impactTotals()).isEqualTo(new ImpactTotals(1, 1, 120, 4, true));
    }

    @Test
    void theInitialStateRoundTrips() {
        assertThat(RolloutStateJson.read(RolloutStateJson.write(RolloutState.initial()))).isEqualTo(RolloutState.initial());
    }

    @Test
    void ignoresFieldsItDoesNotKnow() {
        String json = RolloutStateJson.write(rich()).replaceFirst("\\{", "{\"fromTheFuture\":1,");
        assertThat(RolloutStateJson.read(json)).isEqualTo(rich());
    }

    @Test
    void rejectsTextThatIsNoState() {
        assertThatThrownBy(() -> RolloutStateJson.read("[1,2]")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rollout state");
    }

    @Test
    void setsAreSortedSoTheSameStateWritesTheSameBytes() {
        SortedSet<String> frozen = rich().frozenSegments();
        assertThat(frozen).containsExactly("free", "paying");
    }

}
