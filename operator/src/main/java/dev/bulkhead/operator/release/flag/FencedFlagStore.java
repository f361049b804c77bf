package dev.bulkhead.operator.release.flag;

import dev.bulkhead.operator.leader.LeaseFence;
import java.util.Objects;
import java.util.Optional;

/**
 * A flag store that writes only while this replica holds the leader Lease ({@link LeaseFence}); a refused write is a
 * {@link FlagStoreException} (status 0, transient: the replica that leads makes the write). Reads are not fenced.
 */
public final class FencedFlagStore implements FlagStore {

    private final FlagStore delegate;
    private final LeaseFence fence;

    public FencedFlagStore(FlagStore delegate, LeaseFence fence) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.fence = Objects.requireNonNull(fence, "fence");
    }

    /** The namespace's view of the store, fenced as this one. */
    @Override
    public FlagStore forNamespace(String namespace) {
        return new FencedFlagStore(delegate.forNamespace(namespace), fence);
    }

    @Override
    public void ensure(FlagLocation flag, String description, FlagState desired) {
        check(flag);
        delegate.ensure(flag, description, desired);
    }

    @Override
    public Optional<ObservedFlag> observe(FlagLocation flag) {
        return delegate.observe(flag);
    }

    @Override
    public void removeManagedStrategies(FlagLocation flag) {
        check(flag);
        delegate.removeManagedStrategies(flag);
    }

    @Override
    public void archive(FlagLocation flag) {
        check(flag);
        delegate.archive(flag);
    }

    private void check(FlagLocation flag) {
        try {
            fence.check("the Unleash feature " + flag.feature());
        } catch (LeaseFence.NotLeaderException e) {
            throw new FlagStoreException(e.getMessage(), 0, e);
        }
    }
}
