package dev.bulkhead.engine.impact;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkhead.engine.state.TenantImpact;
import java.util.List;
import org.junit.jupiter.api.Test;

class CustomerImpactTest {

    private static final List<TenantImpact> IMPACT = List.of(
            new TenantImpact("acme", "paying", 1_000, 12),
            new TenantImpact("globex", "paying", 500, 40),
            new TenantImpact("initech", "free", 900, 0),
            new TenantImpact("umbrella", "free", 50, 12));

    @Test
    void summarisesTotalsAndTheMostImpactedTenants() {
        CustomerImpact.Summary summary = CustomerImpact.summarise(IMPACT, 2);
        assertThat(summary.tenants()).isEqualTo(4);
        assertThat(summary.tenantsWithErrors()).isEqualTo(3);
        assertThat(summary.requests()).isEqualTo(2_450);
        assertThat(summary.errors()).isEqualTo(64);
        assertThat(summary.top()).extracting(TenantImpact::tenant).containsExactly("globex", "acme");
    }

    @Test
    void theReportListsEveryTenantMostImpactedFirst() {
        assertThat(CustomerImpact.report(IMPACT)).extracting(TenantImpact::tenant)
                .containsExactly("globex", "acme", "umbrella", "initech");
    }

    @Test
    void describesOnlyTenantsThatSawErrors() {
        assertThat(CustomerImpact.describeTop(IMPACT, 10)).contains("globex (40 errors in 500 requests)").doesNotContain("initech");
        assertThat(CustomerImpact.describeTop(List.of(), 5)).contains("no tenant");
    }
}
