package dev.bulkhead.operator.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkhead.api.v1alpha1.OwedNotification;
import dev.bulkhead.api.v1alpha1.Rollout;
import dev.bulkhead.engine.Action;
import dev.bulkhead.engine.state.RolloutState;
import dev.bulkhead.engine.state.SegmentState;
import dev.bulkhead.engine.state.SegmentStatus;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Notifications are owed in status before they are sent; withdrawals are recognised so they are persisted first. */
class OutboxTest {

    private static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");

    private static Rollout rollout(String resourceVersion) {
        Rollout r = new Rollout();
        r.setMetadata(new ObjectMetaBuilder().withName("checkout").withNamespace("shop").withUid("u-1")
                .withResourceVersion(resourceVersion).build());
        return r;
    }

    @Test
    void noticesAreOwedAfterWhatWasOwedBeforeWithIdsOfTheirDecision() {
        List<OwedNotification> before = List.of(new OwedNotification("old", "Normal", "StepStarted", "m", NOW.toString()));
        List<OwedNotification> owed = Outbox.owed(before, rollout("7"),
                List.of(new Action.Notify(true, "RolledBack", "segment paying failed"), new Action.Notify(false, "X", "y")), NOW);

        assertThat(owed).extracting(OwedNotification::reason).containsExactly("StepStarted", "RolledBack", "X");
        assertThat(owed.get(1).type()).isEqualTo("Warning");
        assertThat(owed.get(1).id()).isNotEqualTo(owed.get(2).id())
                .isEqualTo(Outbox.owed(before, rollout("7"), List.of(new Action.Notify(true, "RolledBack", "z")), NOW).get(1).id());
        assertThat(Outbox.owed(List.of(), rollout("8"), List.of(new Action.Notify(true, "RolledBack", "z")), NOW).get(0).id())
                .as("the next decision (another resourceVersion) gets new ids").isNotEqualTo(owed.get(1).id());
    }

    @Test
    void theOutboxIsBoundedDroppingTheOldest() {
        List<Action.Notify> many = new ArrayList<>();
        for (int i = 0; i < Outbox.LIMIT + 3; i++) {
            many.add(new Action.Notify(false, "R" + i, "m"));
        }
        List<OwedNotification> owed = Outbox.owed(List.of(), rollout("1"), many, NOW);
        assertThat(owed).hasSize(Outbox.LIMIT);
        assertThat(owed.get(0).reason()).isEqualTo("R3");
    }

    @Test
    void lessExposureOrAnotherRevisionIsAWithdrawalMoreIsNot() {
        RolloutState at25 = state("v2", 25);
        assertThat(Exposures.withdraws(at25, state("v2", 0))).isTrue();
        assertThat(Exposures.withdraws(at25, state("v3", 25))).isTrue();
        assertThat(Exposures.withdraws(at25, state("v2", 50))).isFalse();
        assertThat(Exposures.withdraws(at25, at25)).isFalse();
        assertThat(Exposures.withdraws(state("v2", 0), state("v2", 5))).isFalse();
    }

    private static RolloutState state(String revision, int percent) {
        RolloutState s = RolloutState.initial();
        return new RolloutState(revision, "v1", null, null, true, s.phase(), null, null, null, null, 0,
                List.of(new SegmentState("free", SegmentStatus.PROGRESSING, 1, percent, NOW, null, 0, 0, 0)), null, null,
                null, null, null, List.of(), null, null, List.of());
    }
}
