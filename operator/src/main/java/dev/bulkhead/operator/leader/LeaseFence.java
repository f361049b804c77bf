package dev.bulkhead.operator.leader;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

/**
 * Fencing for writes outside the API server's optimistic concurrency (an Unleash strategy, a route rule): before one,
 * the replica reads the leader Lease afresh and writes only while the Lease names it and has not expired. Leader
 * election alone does not stop a replica that lost the Lease in the middle of a reconcile (a long pause, a partition
 * from the API server) from finishing that reconcile's writes and undoing what the new leader decided.
 *
 * <p>The expiry is judged with this replica's clock against the renew time this replica itself wrote, so clock skew
 * between replicas does not matter. A Lease that cannot be read refuses the write: not knowing is not holding.
 */
public final class LeaseFence {

    private static final LeaseFence OFF = new LeaseFence(null, null, null, null, Clock.systemUTC());

    private final KubernetesClient client;
    private final String namespace;
    private final String name;
    private final String identity;
    private final Clock clock;

    /**
     * @param namespace the Lease's namespace
     * @param name      the Lease's name ({@code bulkhead.leader-election.lease-name})
     * @param identity  this replica's identity, as leader election writes it into {@code holderIdentity}
     */
    public LeaseFence(KubernetesClient client, String namespace, String name, String identity, Clock clock) {
        this.client = client;
        this.namespace = namespace;
        this.name = name;
        this.identity = identity;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** No fencing: leader election is off, so this replica is the only one. */
    public static LeaseFence off() {
        return OFF;
    }

    /** Whether this fence checks nothing (leader election is off). */
    public boolean isOff() {
        return client == null;
    }

    /**
     * Returns when this replica holds the Lease now; otherwise throws, naming the write that was refused.
     *
     * @param write what was about to be written, for the message (for example "the Unleash feature checkout")
     * @throws NotLeaderException when the Lease is held by another replica, expired, or cannot be read
     */
    public void check(String write) {
        if (client == null) {
            return;
        }
        Lease lease;
        try {
            lease = client.leases().inNamespace(namespace).withName(name).get();
        } catch (KubernetesClientException e) {
            throw new NotLeaderException("refused to write " + write + ": the leader Lease " + namespace + "/" + name
                    + " cannot be read (" + e.getMessage() + "), so this replica cannot know it still leads");
        }
        LeaseSpec spec = lease == null ? null : lease.getSpec();
        String holder = spec == null ? null : spec.getHolderIdentity();
        if (!identity.equals(holder)) {
            throw new NotLeaderException("refused to write " + write + ": this replica (" + identity
                    + ") no longer holds the leader Lease " + namespace + "/" + name + " (held by " + holder + ")");
        }
        if (spec.getRenewTime() != null && spec.getLeaseDurationSeconds() != null) {
            Instant expires = spec.getRenewTime().toInstant().plusSeconds(spec.getLeaseDurationSeconds());
            if (!clock.instant().isBefore(expires)) {
                throw new NotLeaderException("refused to write " + write + ": this replica's leader Lease " + namespace
                        + "/" + name + " expired at " + expires + " without renewal; another replica may lead now");
            }
        }
    }

    /** This replica may not write: another one may lead. */
    public static final class NotLeaderException extends RuntimeException {
        public NotLeaderException(String message) {
            super(message);
        }
    }
}
