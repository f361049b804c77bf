package dev.bulkhead.operator.release.flag;

import java.util.Collection;
import java.util.Collections;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A constraint on the tenant key context field: the tenant is (or is not) one of {@code tenants}.
 *
 * @param contextName the Unleash context field carrying the tenant key (the Segmentation's {@code tenantKey})
 * @param operator    {@link Operator#IN} for a listed segment, {@link Operator#NOT_IN} for the default segment
 * @param tenants     the tenant keys, never empty (Unleash refuses an empty value list)
 */
public record TenantConstraint(String contextName, Operator operator, SortedSet<String> tenants) {

    /** The two Unleash operators Bulkhead writes. */
    public enum Operator { IN, NOT_IN }

    public TenantConstraint {
        Objects.requireNonNull(contextName, "contextName");
        Objects.requireNonNull(operator, "operator");
        if (tenants.isEmpty()) {
            throw new IllegalArgumentException("a tenant constraint needs at least one tenant");
        }
        tenants = Collections.unmodifiableSortedSet(new TreeSet<>(tenants));
    }

    public static TenantConstraint in(String contextName, Collection<String> tenants) {
        return new TenantConstraint(contextName, Operator.IN, new TreeSet<>(tenants));
    }

    public static TenantConstraint notIn(String contextName, Collection<String> tenants) {
        return new TenantConstraint(contextName, Operator.NOT_IN, new TreeSet<>(tenants));
    }
}
