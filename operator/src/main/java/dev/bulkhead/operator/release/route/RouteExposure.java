package dev.bulkhead.operator.release.route;

import java.util.Collection;
import java.util.Collections;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Which requests a traffic router sends to the canary, by the tenant key in the tenant header.
 *
 * <p>Two forms, because a route can only list tenants, never hash or enumerate the unknown:
 * <ul>
 * <li>{@link Only}: the listed tenants go to the canary, everyone else (unlisted tenants, requests without the
 * header) stays on stable. {@link #none()} is the empty list.</li>
 * <li>{@link AllExcept}: everyone goes to the canary except the listed tenants. Only correct when tenants that no
 * segment lists are exposed too, i.e. the default segment is at 100%; {@link #everyone()} is the empty list.</li>
 * </ul>
 * {@link RouteExposures#of} chooses the form from the segments' exposure.
 */
public sealed interface RouteExposure {

    /** The listed tenants, in order. For {@link Only} those on the canary, for {@link AllExcept} those on stable. */
    SortedSet<String> tenants();

    /** Everything on stable. */
    static RouteExposure none() {
        return new Only(Collections.emptySortedSet());
    }

    /** Everything on the canary. */
    static RouteExposure everyone() {
        return new AllExcept(Collections.emptySortedSet());
    }

    /** These tenants on the canary, everyone else on stable. */
    static RouteExposure only(Collection<String> canaryTenants) {
        return new Only(copy(canaryTenants));
    }

    /** Everyone on the canary except these tenants. */
    static RouteExposure allExcept(Collection<String> stableTenants) {
        return new AllExcept(copy(stableTenants));
    }

    /** True when nobody is routed to the canary. */
    default boolean isNone() {
        return this instanceof Only && tenants().isEmpty();
    }

    /** Whether a request carrying this tenant key goes to the canary. */
    default boolean routesToCanary(String tenant) {
        return this instanceof Only ? tenants().contains(tenant) : !tenants().contains(tenant);
    }

    /** The listed tenants go to the canary. */
    record Only(SortedSet<String> tenants) implements RouteExposure {
        public Only {
            tenants = copy(tenants);
        }
    }

    /** Everyone goes to the canary except the listed tenants. */
    record AllExcept(SortedSet<String> tenants) implements RouteExposure {
        public AllExcept {
            tenants = copy(tenants);
        }
    }

    private static SortedSet<String> copy(Collection<String> tenants) {
        for (String t : tenants) {
            if (t == null || t.isEmpty()) {
                throw new IllegalArgumentException("a tenant key must not be empty");
            }
        }
        return Collections.unmodifiableSortedSet(new TreeSet<>(tenants));
    }
}
