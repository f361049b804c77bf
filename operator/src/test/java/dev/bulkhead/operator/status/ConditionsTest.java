package dev.bulkhead.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkhead.api.v1alpha1.Condition;
import dev.bulkhead.api.v1alpha1.ConditionStatus;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConditionsTest {

    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private static final Instant T1 = Instant.parse("2026-11-23T10:05:00Z");

    @Test
    void keepsTheTransitionTimeWhileTheStatusStaysTheSame() {
        List<Condition> first = Conditions.merge(List.of(),
                List.of(Conditions.of("Ready", ConditionStatus.TRUE, "Resolved", "5 segments", 1, T0)));
        List<Condition> again = Conditions.merge(first,
                List.of(Conditions.of("Ready", ConditionStatus.TRUE, "Resolved", "6 segments", 2, T1)));

        assertThat(again).singleElement().satisfies(c -> {
            assertThat(c.lastTransitionTime()).isEqualTo(T0.toString());
            assertThat(c.message()).isEqualTo("6 segments");
            assertThat(c.observedGeneration()).isEqualTo(2L);
        });
    }

    @Test
    void movesTheTransitionTimeWhenTheStatusChanges() {
        List<Condition> ready = Conditions.merge(List.of(),
                List.of(Conditions.of("Ready", ConditionStatus.TRUE, "Resolved", "ok", 1, T0)));
        List<Condition> broken = Conditions.merge(ready,
                List.of(Conditions.of("Ready", ConditionStatus.FALSE, "Invalid", "tenant in two segments", 2, T1)));

        assertThat(broken).singleElement().satisfies(c -> {
            assertThat(c.status()).isEqualTo(ConditionStatus.FALSE);
            assertThat(c.lastTransitionTime()).isEqualTo(T1.toString());
        });
    }

    @Test
    void keepsOtherTypesAndSortsByType() {
        List<Condition> both = Conditions.merge(
                List.of(Conditions.of("Ready", ConditionStatus.TRUE, "Resolved", "ok", 1, T0)),
                List.of(Conditions.of("Degraded", ConditionStatus.FALSE, "Healthy", "fine", 1, T1)));

        assertThat(both).extracting(Condition::type).containsExactly("Degraded", "Ready");
        assertThat(Conditions.isTrue(both, "Ready")).isTrue();
        assertThat(Conditions.isTrue(both, "Degraded")).isFalse();
    }
}
