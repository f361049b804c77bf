package dev.bulkhead.operator.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkhead.api.v1alpha1.AppliedAction;
import dev.bulkhead.engine.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How an action annotation is read against the actions status says were consumed: each id is applied once. */
class ManualActionsTest {

    private static final List<AppliedAction> CONSUMED = List.of(
            new AppliedAction("a1", "abort", "ann", "2026-12-06T10:00:00Z", "applied: phase RolledBack (AbortedByUser)"));

    @Test
    void anActionWithAnIdNotYetConsumedIsPending() {
        var request = ManualActions.request(Map.of(ManualActions.ACTION, "pause", ManualActions.ACTION_ID, "p1",
                ManualActions.ACTOR, "bob"), CONSUMED);
        assertThat(request).isInstanceOfSatisfying(ManualActions.Pending.class, p -> {
            assertThat(p.id()).isEqualTo("p1");
            assertThat(p.actor()).isEqualTo("bob");
            assertThat(p.event()).containsInstanceOf(Event.Pause.class);
        });
    }

    @Test
    void anActionWhoseIdStatusRecordsIsAReplayAndIsNotAppliedAgain() {
        assertThat(ManualActions.request(Map.of(ManualActions.ACTION, "abort", ManualActions.ACTION_ID, "a1"), CONSUMED))
                .isEqualTo(new ManualActions.Replay("a1"));
    }

    @Test
    void anotherActionWrittenOverAConsumedOneKeepingItsIdIsANewRequest() {
        // kubectl annotate --overwrite bulkhead.dev/action=retry leaves the old id in place.
        assertThat(ManualActions.request(Map.of(ManualActions.ACTION, "retry", ManualActions.ACTION_ID, "a1"), CONSUMED))
                .isInstanceOf(ManualActions.Pending.class);
    }

    @Test
    void aPlainActionWithoutIdIsNumberedFirst() {
        assertThat(ManualActions.request(Map.of(ManualActions.ACTION, "promote"), CONSUMED))
                .isEqualTo(new ManualActions.Unnumbered("promote"));
    }

    @Test
    void anUnknownWordIsConsumedWithTheAcceptedOnesNamed() {
        var request = ManualActions.request(Map.of(ManualActions.ACTION, "rollback", ManualActions.ACTION_ID, "x"), List.of());
        assertThat(request).isInstanceOfSatisfying(ManualActions.Pending.class, p -> {
            assertThat(p.event()).isEmpty();
            assertThat(p.invalid()).contains("'rollback' is not an action").contains("abort");
        });
    }

    @Test
    void noAnnotationIsNoAction() {
        assertThat(ManualActions.request(Map.of(ManualActions.ACTOR, "bob"), CONSUMED)).isInstanceOf(ManualActions.NoAction.class);
        assertThat(ManualActions.request(null, CONSUMED)).isInstanceOf(ManualActions.NoAction.class);
    }

    @Test
    void statusKeepsTheLatestConsumedActionsBounded() {
        List<AppliedAction> kept = new ArrayList<>();
        for (int i = 0; i < ManualActions.KEPT + 5; i++) {
            kept = ManualActions.consumed(kept, new AppliedAction("id" + i, "pause", "bob", null, null));
        }
        assertThat(kept).hasSize(ManualActions.KEPT);
        assertThat(kept.get(kept.size() - 1).id()).isEqualTo("id" + (ManualActions.KEPT + 4));
    }

    @Test
    void idsAreStableForTheSameInputsAndFitAnEventName() {
        String id = ManualActions.id("uid-1", "42", "notify", "0");
        assertThat(id).isEqualTo(ManualActions.id("uid-1", "42", "notify", "0")).matches("[0-9a-f]{16}");
        assertThat(id).isNotEqualTo(ManualActions.id("uid-1", "43", "notify", "0"));
    }
}
