package dev.bulkhead.engine.impact;

import dev.bulkhead.engine.state.ImpactTotals;
import dev.bulkhead.engine.state.TenantImpact;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.SortedMap;
import java.util.stream.Collectors;

/**
 * Customer impact of a release: for each exposed tenant, the requests and errors the new revision
 * served it. The engine's ledger keeps the {@value #TENANTS_KEPT} most impacted tenants and exact
 * totals over all of them ({@link #account}); the status carries a summary with the most impacted
 * tenants; the impact report carries every tenant of the ledger.
 */
public final class CustomerImpact {

    /** Most errors first, then most requests, then tenant key (so that ties read the same every time). */
    public static final Comparator<TenantImpact> MOST_IMPACTED = Comparator.comparingLong(TenantImpact::errors).reversed()
            .thenComparing(Comparator.comparingLong(TenantImpact::requests).reversed())
            .thenComparing(TenantImpact::tenant);

    /**
     * How many tenants the engine's ledger keeps by name. An entry serialises to about 80 bytes, so 1,000 entries
     * are about 80 kB of the Rollout status, far below etcd's 1.5 MiB object limit, whatever the segment's size; the
     * tenants a human acts on (the ones that saw errors) come first.
     */
    public static final int TENANTS_KEPT = 1_000;

    private CustomerImpact() {
    }

    /**
     * Adds what the new revision served to the ledger {@code kept} (changed in place) and returns the new totals. The
     * totals' requests and errors are exact. When the ledger would hold more than {@code limit} tenants, the least
     * impacted ones ({@link #MOST_IMPACTED} order, last first) leave it and the totals say it is no longer complete;
     * a tenant that left and is served again re-enters from that look's numbers (its numbers are never overstated).
     */
    public static ImpactTotals account(SortedMap<String, TenantImpact> kept, ImpactTotals totals,
            Collection<TenantImpact> served, int limit) {
        long tenants = totals.tenants();
        long withErrors = totals.tenantsWithErrors();
        long requests = totals.requests();
        long errors = totals.errors();
        for (TenantImpact s : served) {
            TenantImpact before = kept.get(s.tenant());
            if (before == null) {
                tenants++;
            }
            if (s.errors() > 0 && (before == null || before.errors() == 0)) {
                withErrors++;
            }
            requests += s.requests();
            errors += s.errors();
            kept.put(s.tenant(), before == null ? s : before.plus(s.requests(), s.errors()));
        }
        boolean complete = totals.complete();
        if (kept.size() > Math.max(0, limit)) {
            List<TenantImpact> keep = top(kept.values(), limit);
            kept.clear();
            keep.forEach(k -> kept.put(k.tenant(), k));
            complete = false;
        }
        return new ImpactTotals(tenants, withErrors, requests, errors, complete);
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
