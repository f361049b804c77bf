package dev.bulkhead.engine.impact;

import dev.bulkhead.engine.state.TenantImpact;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Customer impact of a release: for each exposed tenant, the requests and errors the new revision
 * served it. The status carries a summary with the most impacted tenants; the impact report carries
 * every tenant.
 */
public final class CustomerImpact {

    /** Most errors first, then most requests, then tenant key (so that ties read the same every time). */
    public static final Comparator<TenantImpact> MOST_IMPACTED = Comparator.comparingLong(TenantImpact::errors).reversed()
            .thenComparing(Comparator.comparingLong(TenantImpact::requests).reversed())
            .thenComparing(TenantImpact::tenant);

    private CustomerImpact() {
    }

    /** The summary for status: totals and the {@code n} most impacted tenants. */
    public static Summary summarise(Collection<TenantImpact> impact, int n) {
        long requests = impact.stream().mapToLong(TenantImpact::requests).sum();
        long errors = impact.stream().mapToLong(TenantImpact::errors).sum();
        long tenantsWithErrors = impact.stream().filter(i -> i.errors() > 0).count();
        return new Summary(impact.size(), tenantsWithErrors, requests, errors, top(impact, n));
    }

    /** The {@code n} most impacted tenants. */
    public static List<TenantImpact> top(Collection<TenantImpact> impact, int n) {
        return impact.stream().sorted(MOST_IMPACTED).limit(Math.max(0, n)).toList();
    }

    /** Every tenant, most impacted first: the complete impact report. */
    public static List<TenantImpact> report(Collection<TenantImpact> impact) {
        return impact.stream().sorted(MOST_IMPACTED).toList();
    }

    /** One line naming the most impacted tenants, for notifications. */
    public static String describeTop(Collection<TenantImpact> impact, int n) {
        List<TenantImpact> top = top(impact, n).stream().filter(i -> i.errors() > 0).toList();
        if (top.isEmpty()) {
            return "no tenant saw an error from the new revision";
        }
        return top.stream().map(i -> i.tenant() + " (" + i.errors() + " errors in " + i.requests() + " requests)")
                .collect(Collectors.joining(", "));
    }

    /**
     * @param tenants           tenants the new revision served
     * @param tenantsWithErrors of which saw at least one error
     * @param requests          requests the new revision served
     * @param errors            of which failed
     * @param top               the most impacted tenants
     */
    public record Summary(long tenants, long tenantsWithErrors, long requests, long errors, List<TenantImpact> top) {
    }
}
