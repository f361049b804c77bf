package dev.bulkhead.operator.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.bulkhead.engine.state.RolloutState;
import dev.bulkhead.engine.state.SegmentState;
import dev.bulkhead.engine.state.SegmentStatus;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Looks on their own pool: one in flight per rollout, a reconcile asked for on completion, stale outcomes dropped. */
class AnalysisExecutorTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final ResourceID CHECKOUT = new ResourceID("checkout", "shop");
    private static final ResourceID SEARCH = new ResourceID("search", "shop");

    private final AnalysisExecutor executor = new AnalysisExecutor(2, Clock.systemUTC());
    private final List<ResourceID> reconciles = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);

    {
        executor.onDone(reconciles::add);
    }

    @AfterEach
    void close() {
        release.countDown();
        executor.close();
    }

    private static EngineRecord record(String revision, int percent, Instant lastLook) {
        RolloutState state = RolloutState.initial();
        state = new RolloutState(revision, "v1", null, null, true, state.phase(), null, null, null, null, 0,
                List.of(new SegmentState("internal", SegmentStatus.PROGRESSING, 0, percent, T0, null, 0, 0, 0)),
                null, null, null, null, null, List.of(), null, null, List.of());
        return new EngineRecord(state, revision, Map.of(), lastLook, List.of());
    }

    private static AnalysisRound.Outcome outcome(EngineRecord record) {
        return new AnalysisRound.Outcome(List.of(), record, Map.of(), Map.of());
    }

    /** A look that waits for the test to let it finish. */
    private Supplier<AnalysisRound.Outcome> blocked(EngineRecord record, AtomicInteger runs) {
        return () -> {
            runs.incrementAndGet();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return outcome(record);
        };
    }

    @Test
    void theOutcomeOfALookIsTakenByTheReconcileItTriggersWhenTheRolloutIsStillWhereItStarted() {
        EngineRecord record = record("v2", 50, T0);
        AnalysisExecutor.Ticket ticket = AnalysisExecutor.Ticket.of(3, record);
        AtomicInteger runs = new AtomicInteger();

        assertThat(executor.collectOrStart(CHECKOUT, ticket, blocked(record, runs))).as("started, not waited for").isEmpty();
        assertThat(executor.inFlight(CHECKOUT)).isTrue();
        release.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> reconciles.contains(CHECKOUT));

        var done = executor.collectOrStart(CHECKOUT, AnalysisExecutor.Ticket.of(3, record("v2", 50, T0)),
                () -> { throw new AssertionError("no new look while one is there to take"); });
        assertThat(done).hasValueSatisfying(d -> assertThat(d.outcome().record()).isEqualTo(record));
        assertThat(runs).hasValue(1);
        assertThat(executor.inFlight(CHECKOUT)).isFalse();
    }

    @Test
    void aRolloutHasAtMostOneLookInFlight() {
        EngineRecord record = record("v2", 50, T0);
        AtomicInteger runs = new AtomicInteger();

        for (int i = 0; i < 5; i++) {
            assertThat(executor.collectOrStart(CHECKOUT, AnalysisExecutor.Ticket.of(3, record), blocked(record, runs))).isEmpty();
        }
        executor.collectOrStart(CHECKOUT, AnalysisExecutor.Ticket.of(4, record("v3", 0, null)), blocked(record, runs));

        await().atMost(Duration.ofSeconds(10)).until(() -> runs.get() == 1);
        assertThat(executor.inFlight(CHECKOUT)).isTrue();
        release.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> !executor.inFlight(CHECKOUT));
        assertThat(runs).hasValue(1);
    }

    @Test
    void anOutcomeStartedFromAnotherStateIsDiscardedAndANewLookStarts() {
        EngineRecord before = record("v2", 50, T0);
        executor.collectOrStart(CHECKOUT, AnalysisExecutor.Ticket.of(3, before), () -> outcome(before));
        await().atMost(Duration.ofSeconds(10)).until(() -> reconciles.contains(CHECKOUT));

        // Meanwhile the step moved on (a manual promote): the look judged 50%, the rollout now exposes 100%.
        EngineRecord now = record("v2", 100, T0);
        AtomicInteger runs = new AtomicInteger();
        var done = executor.collectOrStart(CHECKOUT, AnalysisExecutor.Ticket.of(3, now), blocked(now, runs));

        assertThat(done).isEmpty();
        await().atMost(Duration.ofSeconds(10)).until(() -> runs.get() == 1);
    }

    @Test
    void aTicketChangesWithTheRevisionTheGenerationTheLastLookAndTheExposure() {
        AnalysisExecutor.Ticket ticket = AnalysisExecutor.Ticket.of(3, record("v2", 50, T0));

        assertThat(ticket).isEqualTo(AnalysisExecutor.Ticket.of(3, record("v2", 50, T0)));
        assertThat(ticket).isNotEqualTo(AnalysisExecutor.Ticket.of(4, record("v2", 50, T0)));
        assertThat(ticket).isNotEqualTo(AnalysisExecutor.Ticket.of(3, record("v3", 50, T0)));
        assertThat(ticket).isNotEqualTo(AnalysisExecutor.Ticket.of(3, record("v2", 100, T0)));
        assertThat(ticket).isNotEqualTo(AnalysisExecutor.Ticket.of(3, record("v2", 50, T0.plusSeconds(30))));
    }

    @Test
    void aSlowLookOfOneRolloutDoesNotHoldAnotherRolloutsLook() {
        EngineRecord record = record("v2", 50, T0);
        executor.collectOrStart(CHECKOUT, AnalysisExecutor.Ticket.of(3, record), blocked(record, new AtomicInteger()));

        executor.collectOrStart(SEARCH, AnalysisExecutor.Ticket.of(1, record), () -> outcome(record));

        await().atMost(Duration.ofSeconds(10)).until(() -> reconciles.contains(SEARCH));
        assertThat(executor.collectOrStart(SEARCH, AnalysisExecutor.Ticket.of(1, record), () -> outcome(record))).isPresent();
        assertThat(executor.inFlight(CHECKOUT)).isTrue();
    }

    @Test
    void aLookThatFailedFailsTheReconcileThatTakesIt() {
        EngineRecord record = record("v2", 50, T0);
        AnalysisExecutor.Ticket ticket = AnalysisExecutor.Ticket.of(3, record);
        executor.collectOrStart(CHECKOUT, ticket, () -> { throw new IllegalStateException("judge broke"); });
        await().atMost(Duration.ofSeconds(10)).until(() -> reconciles.contains(CHECKOUT));

        assertThatThrownBy(() -> executor.collectOrStart(CHECKOUT, ticket, () -> outcome(record)))
                .isInstanceOf(IllegalStateException.class).hasMessage("judge broke");
        assertThat(executor.inFlight(CHECKOUT)).isFalse();
    }
}
