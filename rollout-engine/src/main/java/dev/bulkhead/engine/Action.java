package dev.bulkhead.engine;

import dev.bulkhead.engine.state.HistoryEntry;
import java.util.List;

/**
 * What the operator should make true after a decision. Actions are desired state, so applying one
 * twice is harmless.
 */
public sealed interface Action {

    /**
     * Route {@code tenants} of {@code segment} to {@code revision}, or set the segment's flag strategy
     * to {@code percent} with {@code groupId}: both expose the same tenants. Percent 0 returns the
     * segment to stable.
     */
    record SetExposure(String segment, String revision, int percent, String groupId, List<String> tenants) implements Action {

        public SetExposure {
            tenants = List.copyOf(tenants);
        }
    }

    /**
     * Run the canary of {@code revision} sized for {@code tenantShare} (0..1) of all planned tenants;
     * the operator keeps at least one pod while the rollout is active.
     */
    record ScaleCanary(String revision, double tenantShare) implements Action {
    }

    /** Remove the canary pods of {@code revision}. */
    record RetireCanary(String revision) implements Action {
    }

    /** Make stable run {@code revision}; answer with {@code PromotionComplete} when it does. */
    record PromoteStable(String revision) implements Action {
    }

    /** Tell people: {@code warning} for rollbacks, freezes, pauses that need a human. */
    record Notify(boolean warning, String reason, String message) implements Action {
    }

    /** A transition to record (for example as a Kubernetes event); also kept in the state's history. */
    record RecordHistory(HistoryEntry entry) implements Action {
    }
}
