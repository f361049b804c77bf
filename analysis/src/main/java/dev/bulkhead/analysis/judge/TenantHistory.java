package dev.bulkhead.analysis.judge;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;

/**
 * Every tenant's own traffic before the rollout exposed anybody: events and bad events per tenant over a fixed
 * window that ends at the rollout's start (every tenant was on stable then). The judge predicts each tenant's bad
 * events in a look from its own normal rate, so tenants whose normal error rates differ are each held to their own.
 *
 * @param from    start of the history window
 * @param to      end of the history window (the rollout's start)
 * @param tenants counts per tenant over the window, all versions (a tenant that had no traffic is absent)
 */
public record TenantHistory(Instant from, Instant to, Map<String, ArmCounts> tenants) {

    /** A tenant needs this many events in its history before its own rate is trusted as its baseline. */
    public static final double MIN_EVENTS = 200;
    /**
     * A tenant whose events in one look exceed this share of its history events is judged without its history in that
     * look: its traffic grew so much that the history says little about it, and its weight would widen the pooled
     * bound of every other tenant ({@link WeightedPoissonBound}).
     */
    public static final double MAX_LOOK_SHARE = 0.25;

    public TenantHistory {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        // A view, not a copy: a segmentation of 100,000 tenants has as many entries.
        tenants = tenants == null ? Map.of() : Collections.unmodifiableMap(tenants);
    }

    /** The tenant's history counts when it has enough for a look with {@code eventsInLook} of its events, else null. */
    public ArmCounts usable(String tenant, double eventsInLook) {
        ArmCounts h = tenants.get(tenant);
        if (h == null || h.events() < MIN_EVENTS || eventsInLook > MAX_LOOK_SHARE * h.events()) {
            return null;
        }
        return h;
    }

    /** All events of the window summed over the given tenants (or every tenant when {@code only} is null). */
    public ArmCounts total(java.util.Collection<String> only) {
        ArmCounts sum = ArmCounts.EMPTY;
        if (only == null) {
            for (ArmCounts a : tenants.values()) {
                sum = sum.plus(a);
            }
            return sum;
        }
        for (String t : only) {
            ArmCounts a = tenants.get(t);
            if (a != null) {
                sum = sum.plus(a);
            }
        }
        return sum;
    }
}
