package dev.bulkhead.kubectl.command;

import dev.bulkhead.api.v1alpha1.Rollout;
import dev.bulkhead.kubectl.cluster.ApiErrors;
import dev.bulkhead.kubectl.cluster.Cluster;
import dev.bulkhead.kubectl.cluster.Rollouts;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Follows one rollout through a Fabric8 informer (which re-lists and re-watches on its own after a dropped
 * connection) and hands every new version to the caller on the calling thread, until the caller returns an exit code,
 * the rollout is deleted, or the timeout passes. Ctrl-C ends the JVM, and the informer with it.
 */
final class RolloutWatch {

    /** What the informer saw: a version of the rollout, or its deletion (null). */
    private record Change(Rollout rollout) {
    }

    /** What ended the watch. */
    sealed interface End {
        /** The caller asked to stop with this exit code. */
        record Stopped(int exitCode) implements End {
        }

        record Deleted() implements End {
        }

        /** The timeout passed; {@code last} is the latest version seen. */
        record TimedOut(Rollout last) implements End {
        }
    }

    private RolloutWatch() {
    }

    /**
     * @param first    the version already read; handed over first
     * @param timeout  how long to follow, or null for as long as the process runs
     * @param onChange called with each new version (by resourceVersion); a present exit code stops the watch
     */
    static End follow(Cluster cluster, Rollout first, Duration timeout, Clock clock, Function<Rollout, OptionalInt> onChange) {
        OptionalInt stop = onChange.apply(first);
        if (stop.isPresent()) {
            return new End.Stopped(stop.getAsInt());
        }
        String name = first.getMetadata().getName();
        String lastVersion = first.getMetadata().getResourceVersion();
        Rollout last = first;
        BlockingQueue<Change> changes = new LinkedBlockingQueue<>();
        ResourceEventHandler<Rollout> handler = new ResourceEventHandler<>() {
            @Override
            public void onAdd(Rollout rollout) {
                changes.add(new Change(rollout));
            }

            @Override
            public void onUpdate(Rollout before, Rollout after) {
                changes.add(new Change(after));
            }

            @Override
            public void onDelete(Rollout rollout, boolean finalStateUnknown) {
                changes.add(new Change(null));
            }
        };
        Instant deadline = timeout == null ? null : clock.instant().plus(timeout);
        try (SharedIndexInformer<Rollout> informer = ApiErrors.call(cluster, "watch " + Rollouts.describe(cluster, name),
                () -> cluster.client().resources(Rollout.class).inNamespace(cluster.namespace()).withName(name)
                        .inform(handler, 0))) {
            while (true) {
                Change change;
                if (deadline == null) {
                    change = changes.take();
                } else {
                    long left = Duration.between(clock.instant(), deadline).toMillis();
                    change = left <= 0 ? null : changes.poll(left, TimeUnit.MILLISECONDS);
                    if (change == null) {
                        return new End.TimedOut(last);
                    }
                }
                if (change.rollout() == null) {
                    return new End.Deleted();
                }
                if (Objects.equals(change.rollout().getMetadata().getResourceVersion(), lastVersion)) {
                    continue;
                }
                last = change.rollout();
                lastVersion = last.getMetadata().getResourceVersion();
                stop = onChange.apply(last);
                if (stop.isPresent()) {
                    return new End.Stopped(stop.getAsInt());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new End.TimedOut(last);
        }
    }
}
