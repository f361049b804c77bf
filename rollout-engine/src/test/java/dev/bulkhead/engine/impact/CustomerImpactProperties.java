package dev.bulkhead.engine.impact;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkhead.engine.state.ImpactTotals;
import dev.bulkhead.engine.state.TenantImpact;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The bounded impact ledger against an unbounded one fed the same looks: whatever the traffic, it never holds more
 * than its limit, its request and error totals are exact, it says when it stopped listing everyone, and it never
 * overstates a tenant.
 */
class CustomerImpactProperties {

    @Property(tries = 300)
    void theLedgerStaysBoundedWithExactTotalsAndNeverOverstatesATenant(@ForAll("looks") List<List<TenantImpact>> looks,
            @ForAll @IntRange(min = 1, max = 12) int limit) {
        SortedMap<String, TenantImpact> kept = new TreeMap<>();
        ImpactTotals totals = ImpactTotals.NONE;
        Map<String, TenantImpact> every = new HashMap<>();
        boolean everExceeded = false;
        for (List<TenantImpact> look : looks) {
            totals = CustomerImpact.account(kept, totals, look, limit);
            look.forEach(s -> every.merge(s.tenant(), s, (a, b) -> a.plus(b.requests(), b.errors())));
            everExceeded |= every.size() > limit;

            assertThat(kept.size()).isLessThanOrEqualTo(limit);
            assertThat(totals.requests()).isEqualTo(every.values().stream().mapToLong(TenantImpact::requests).sum());
            assertThat(totals.errors()).isEqualTo(every.values().stream().mapToLong(TenantImpact::errors).sum());
            assertThat(totals.complete()).isEqualTo(!everExceeded);
            for (TenantImpact k : kept.values()) {
                assertThat(k.requests()).isLessThanOrEqualTo(every.get(k.tenant()).requests());
                assertThat(k.errors()).isLessThanOrEqualTo(every.get(k.tenant()).errors());
            }
            ImpactTotals reference = ImpactTotals.of(every.values());
            if (totals.complete()) {
                assertThat(totals).isEqualTo(reference);
                assertThat(kept).containsExactlyInAnyOrderEntriesOf(every);
            } else {
                assertThat(totals.tenants()).isGreaterThanOrEqualTo(reference.tenants());
                assertThat(totals.tenantsWithErrors()).isGreaterThanOrEqualTo(reference.tenantsWithErrors());
            }
        }
    }

    @Property(tries = 100)
    void whileFewerTenantsThanTheLimitSawErrorsTheLedgerNamesEachOfThemWithTheirExactErrors(
            @ForAll("looks") List<List<TenantImpact>> looks) {
        int limit = 6;
        SortedMap<String, TenantImpact> kept = new TreeMap<>();
        ImpactTotals totals = ImpactTotals.NONE;
        Map<String, TenantImpact> every = new HashMap<>();
        for (List<TenantImpact> look : looks) {
            totals = CustomerImpact.account(kept, totals, look, limit);
            look.forEach(s -> every.merge(s.tenant(), s, (a, b) -> a.plus(b.requests(), b.errors())));
            List<TenantImpact> hurt = every.values().stream().filter(i -> i.errors() > 0).toList();
            if (hurt.size() <= limit) {
                for (TenantImpact h : hurt) {
                    assertThat(kept).containsKey(h.tenant());
                    assertThat(kept.get(h.tenant()).errors()).isEqualTo(h.errors());
                }
                assertThat(totals.tenantsWithErrors()).isEqualTo(hurt.size());
            }
        }
    }

    @Provide
    Arbitrary<List<List<TenantImpact>>> looks() {
        Arbitrary<TenantImpact> served = Combinators.combine(Arbitraries.integers().between(0, 30),
                Arbitraries.longs().between(1, 500), Arbitraries.longs().between(0, 20),
                Arbitraries.of(true, false, false, false))
                .as((tenant, requests, errors, failing) -> new TenantImpact("t" + tenant, "s", requests,
                        failing ? Math.min(errors, requests) : 0));
        return served.list().ofMaxSize(15).uniqueElements(TenantImpact::tenant).list().ofMaxSize(12);
    }
}
