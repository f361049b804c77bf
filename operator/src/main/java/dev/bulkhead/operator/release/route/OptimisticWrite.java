package dev.bulkhead.operator.release.route;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiPredicate;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.jboss.logging.Logger;

/**
 * Read, change, write conditionally on {@code resourceVersion}; on 409 pause briefly and start again from a fresh
 * read, so edits others make to the same object are kept. Routes hold user rules in atomic lists, so server-side
 * apply would take ownership of them; this is the alternative both routers share.
 *
 * <p>The pause grows with each attempt and is jittered, so two writers that keep colliding drift apart instead of
 * colliding in lockstep. After {@link #MAX_ATTEMPTS} conflicts the write gives up with a {@link TrafficRouterException};
 * the reconciler reports it and tries again on its next pass, which never loses anyone's edit.
 */
public final class OptimisticWrite {

    private static final Logger LOG = Logger.getLogger(OptimisticWrite.class);
    public static final int MAX_ATTEMPTS = 8;
    private static final Duration FIRST_PAUSE = Duration.ofMillis(20);

    private OptimisticWrite() {
    }

    /**
     * @param what    names the object in messages, e.g. {@code HTTPRoute ns/web}
     * @param read    the current object, or null when it does not exist (then nothing is written)
     * @param change  the desired object from the current one
     * @param same    whether two versions need no write between them
     * @param update  the conditional write; throws on 409 when the object changed since {@code read}
     */
    public static <T> void write(String what, Supplier<T> read, UnaryOperator<T> change, BiPredicate<T, T> same,
            Consumer<T> update) {
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            T current = read.get();
            if (current == null) {
                return;
            }
            T desired = change.apply(current);
            if (same.test(current, desired)) {
                return;
            }
            try {
                update.accept(desired);
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                    throw new TrafficRouterException(what + ": the API server refused the update: " + message(e), e);
                }
                LOG.debugf("%s changed while Bulkhead wrote it (attempt %d), reading it again", what, attempt);
                pause(attempt);
            }
        }
        throw new TrafficRouterException(what + " kept changing under Bulkhead's writes; gave up after "
                + MAX_ATTEMPTS + " conflicts, will retry on the next reconcile");
    }

    /** Kubernetes' own message of a refused request, or the client's when the server sent none. */
    public static String message(KubernetesClientException e) {
        return e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : e.getMessage();
    }

    private static void pause(int attempt) {
        long bound = FIRST_PAUSE.toMillis() << Math.min(attempt - 1, 4);
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(bound / 2, bound + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TrafficRouterException("interrupted while retrying a conflicting write", e);
        }
    }
}
