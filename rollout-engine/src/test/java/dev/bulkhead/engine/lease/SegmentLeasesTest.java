package dev.bulkhead.engine.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulkhead.engine.lease.SegmentLeases.Holder;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SegmentLeasesTest {

    private static final Holder SELF = new Holder("shop", "checkout", "tiers", Set.of("internal"));

    @Test
    void aSegmentExposedByAnotherRolloutIsLeasedElsewhere() {
        List<Holder> others = List.of(new Holder("shop", "cart", "tiers", Set.of("internal", "free")));
        assertThat(SegmentLeases.exclusive().leasedElsewhere(SELF, others)).containsExactly("free");
    }

    @Test
    void allowsUpToTheLimit() {
        List<Holder> others = List.of(new Holder("shop", "cart", "tiers", Set.of("free")),
                new Holder("shop", "search", "tiers", Set.of("free", "paying")));
        assertThat(new SegmentLeases(2, SegmentLeases.Scope.CLUSTER).leasedElsewhere(SELF, others)).containsExactly("free");
    }

    @Test
    void countsOnlyTheSameNamespaceWhenScopedSo() {
        List<Holder> others = List.of(new Holder("billing", "ledger", "tiers", Set.of("free")));
        assertThat(new SegmentLeases(1, SegmentLeases.Scope.NAMESPACE).leasedElsewhere(SELF, others)).isEmpty();
        assertThat(new SegmentLeases(1, SegmentLeases.Scope.CLUSTER).leasedElsewhere(SELF, others)).containsExactly("free");
    }

    @Test
    void ignoresItselfAndOtherSegmentations() {
        List<Holder> others = List.of(new Holder("shop", "checkout", "tiers", Set.of("free")),
                new Holder("shop", "cart", "regions", Set.of("free")));
        assertThat(SegmentLeases.exclusive().leasedElsewhere(SELF, others)).isEmpty();
    }

    @Test
    void rejectsALimitBelowOne() {
        assertThatThrownBy(() -> new SegmentLeases(0, SegmentLeases.Scope.CLUSTER)).hasMessageContaining("at least 1");
    }
}
