package dev.bulkhead.operator.rollout;

import dev.bulkhead.engine.state.RolloutState;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Runs rollouts' analysis looks on a pool of their own, so a look waiting on a slow Prometheus holds none of the
 * reconcile threads that Segmentations, FeatureFlags, manual actions and other rollouts need. A rollout has at most
 * one look in flight. When a look completes, {@link #onDone} asks for the rollout to be reconciled again, and that
 * reconcile takes the outcome only if its {@link Ticket} (what the look was started from) still matches: a look
 * started before a new revision, a step change, another look's outcome or a spec edit is thrown away, never applied
 * to a state it did not judge.
 *
 * <p>Thread-safety: JOSDK never reconciles one resource on two threads at once, so calls for one rollout are serial;
 * the pool only completes futures.
 */
public final class AnalysisExecutor implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(AnalysisExecutor.class);

    /**
     * What a look was started from: the rollout's generation, the revision judged and the analysis record's position
     * (the revision the tests belong to and when the last look was taken), and the exposure by segment.
     */
    public record Ticket(long generation, String revision, String analyzedRevision, Instant lastAnalysisAt,
            List<String> exposure) {

        public static Ticket of(long generation, EngineRecord record) {
            RolloutState state = record.state();
            List<String> exposure = state.segments().stream().filter(s -> s.exposed())
                    .map(s -> s.segment() + ":" + s.step() + ":" + s.exposedPercent()).toList();
            return new Ticket(generation, state.revision(), record.analyzedRevision(), record.lastAnalysisAt(), exposure);
        }
    }

    /** A finished look: when it started and what it found. */
    public record Completed(Instant startedAt, AnalysisRound.Outcome outcome) {
    }

    private record Look(Ticket ticket, CompletableFuture<Completed> result) {
    }

    private final ThreadPoolExecutor pool;
    private final Clock clock;
    private final Map<ResourceID, Look> looks = new ConcurrentHashMap<>();
    private volatile Consumer<ResourceID> onDone = id -> {
    };

    /**
     * @param threads looks running at once across all rollouts ({@code bulkhead.analysis.threads})
     */
    public AnalysisExecutor(int threads, Clock clock) {
        if (threads < 1) {
            throw new IllegalArgumentException("bulkhead.analysis.threads must be at least 1, got " + threads);
        }
        this.clock = clock;
        AtomicInteger n = new AtomicInteger();
        // Queued looks are bounded by the rollouts (one each); idle threads end, so an unused pool holds nothing.
        this.pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "bulkhead-analysis-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        pool.allowCoreThreadTimeOut(true);
    }

    /** Called with the rollout's id when one of its looks completes (the reconciler triggers a reconcile). */
    public void onDone(Consumer<ResourceID> callback) {
        this.onDone = callback;
    }

    /**
     * The outcome of the rollout's completed look if it was started from {@code ticket}; otherwise empty, and a look
     * from {@code ticket} is running: already in flight (whatever its ticket: its completion brings the rollout back
     * here), or started now. A completed look from another ticket is discarded.
     *
     * @throws RuntimeException what the look threw, as a synchronous look would have
     */
    public Optional<Completed> collectOrStart(ResourceID rollout, Ticket ticket, Supplier<AnalysisRound.Outcome> look) {
        Look current = looks.get(rollout);
        if (current != null && !current.result().isDone()) {
            return Optional.empty();
        }
        if (current != null) {
            looks.remove(rollout, current);
            if (current.ticket().equals(ticket)) {
                try {
                    return Optional.of(current.result().join());
                } catch (CompletionException e) {
                    throw e.getCause() instanceof RuntimeException r ? r : e;
                }
            }
            LOG.debugf("rollout=%s: a look started from %s is discarded, the rollout is now at %s", rollout,
                    current.ticket(), ticket);
        }
        CompletableFuture<Completed> result = CompletableFuture.supplyAsync(() -> {
            Instant started = clock.instant();
            return new Completed(started, look.get());
        }, pool);
        looks.put(rollout, new Look(ticket, result));
        result.whenComplete((done, failure) -> onDone.accept(rollout));
        return Optional.empty();
    }

    /** Whether a look of the rollout is running or queued. */
    public boolean inFlight(ResourceID rollout) {
        Look current = looks.get(rollout);
        return current != null && !current.result().isDone();
    }

    /** Drops the rollout's look (the rollout is deleted); a running one finishes and is thrown away. */
    public void forget(ResourceID rollout) {
        looks.remove(rollout);
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
