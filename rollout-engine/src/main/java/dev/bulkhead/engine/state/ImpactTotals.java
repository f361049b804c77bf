package dev.bulkhead.engine.state;

import java.util.Collection;

/**
 * Customer impact of the target revision over every tenant it served, kept beside the per-tenant ledger, which holds
 * only the most impacted tenants (see {@code CustomerImpact.TENANTS_KEPT}): a FAIL in a segment of 100,000 tenants
 * must not grow the Rollout status past etcd's object size limit (1.5 MiB by default).
 *
 * <p>{@code requests} and {@code errors} are exact sums, always. The tenant counts are exact while {@code complete}
 * (no tenant ever left the ledger); after that, a tenant that left the ledger and is served again is counted again,
 * so they are upper bounds.
 *
 * @param tenants           tenants the new revision served
 * @param tenantsWithErrors of which saw at least one error
 * @param requests          requests the new revision served (exact)
 * @param errors            of which failed (exact)
 * @param complete          whether the ledger lists every tenant served (and the counts are exact)
 */
public record ImpactTotals(long tenants, long tenantsWithErrors, long requests, long errors, boolean complete) {

    public static final ImpactTotals NONE = new ImpactTotals(0, 0, 0, 0, true);

    /** The totals of a ledger that lists every tenant (a state written before the ledger was bounded). */
    public static ImpactTotals of(Collection<TenantImpact> every) {
        return new ImpactTotals(every.size(), every.stream().filter(i -> i.errors() > 0).count(),
                every.stream().mapToLong(TenantImpact::requests).sum(), every.stream().mapToLong(TenantImpact::errors).sum(),
                true);
    }
}
