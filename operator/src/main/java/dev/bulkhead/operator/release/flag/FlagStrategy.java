package dev.bulkhead.operator.release.flag;

import java.util.Collection;
import java.util.Objects;

/**
 * One {@code flexibleRollout} strategy Bulkhead manages on a flag: the flag is on for {@code rollout} percent of the
 * tenants the constraint admits, bucketed by Unleash's hash of {@code groupId:tenantKey}.
 *
 * @param name       what the strategy releases: a segment name, or {@link #EXPLICIT_TENANTS}; unique on a flag and
 *                   written as the strategy's title {@code bulkhead:<name>}, which marks it as Bulkhead's
 * @param constraint the tenants admitted, or {@code null} for every tenant (a default segment with no other
 *                   segment listing tenants)
 * @param rollout    percent of admitted tenants, 1..100 (a strategy at 0 exposes nobody and is not written)
 * @param stickiness the context field hashed: the tenant key, so a percentage is a fraction of tenants
 * @param groupId    the rollout's group id, the same for route and flag so a tenant is in or out identically
 */
public record FlagStrategy(String name, TenantConstraint constraint, int rollout, String stickiness, String groupId) {

    /** Title prefix of every strategy Bulkhead manages; strategies without it belong to users. */
    public static final String TITLE_PREFIX = "bulkhead:";
    /** Name of the strategy for tenants listed explicitly (not a DNS label, so no segment can take it). */
    public static final String EXPLICIT_TENANTS = "(tenants)";

    public FlagStrategy {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(stickiness, "stickiness");
        Objects.requireNonNull(groupId, "groupId");
        if (rollout < 1 || rollout > 100) {
            throw new IllegalArgumentException("rollout must be within 1..100, was " + rollout);
        }
    }

    /** The strategy for a segment that lists its tenants: {@code tenantKey IN tenants} at {@code percent}. */
    public static FlagStrategy forSegment(String segment, Collection<String> tenants, int percent, String tenantKey,
            String groupId) {
        return new FlagStrategy(segment, TenantConstraint.in(tenantKey, tenants), percent, tenantKey, groupId);
    }

    /**
     * The strategy for the default segment ("everyone else"): {@code tenantKey NOT_IN listedElsewhere} at
     * {@code percent}, or no constraint when no other segment lists a tenant.
     */
    public static FlagStrategy forDefaultSegment(String segment, Collection<String> listedElsewhere, int percent,
            String tenantKey, String groupId) {
        TenantConstraint constraint = listedElsewhere.isEmpty() ? null : TenantConstraint.notIn(tenantKey, listedElsewhere);
        return new FlagStrategy(segment, constraint, percent, tenantKey, groupId);
    }

    /** The strategy for tenants named explicitly: {@code tenantKey IN tenants} at 100%. */
    public static FlagStrategy forTenants(Collection<String> tenants, String tenantKey, String groupId) {
        return new FlagStrategy(EXPLICIT_TENANTS, TenantConstraint.in(tenantKey, tenants), 100, tenantKey, groupId);
    }

    /** The strategy title in Unleash. */
    public String title() {
        return TITLE_PREFIX + name;
    }
}
