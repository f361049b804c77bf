package dev.bulkhead.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TenantRatesTest {

    private static final List<String> TENANTS = IntStream.rangeClosed(1, 200).mapToObj(i -> "tenant-" + i).toList();

    @Test
    void ratesAddUpToTheTotalAndFallWithRankAsZipfSays() {
        TenantRates rates = TenantRates.zipf(TENANTS, 100, 1.0, 0, 7);

        assertThat(rates.total()).isCloseTo(100, within(1e-9));
        List<TenantRates.TenantRate> byRank = rates.byRank();
        // Zipf with s = 1: rank k gets 1/k of rank 1's rate.
        assertThat(byRank.get(1).perSecond()).isCloseTo(byRank.get(0).perSecond() / 2, within(1e-9));
        assertThat(byRank.get(9).perSecond()).isCloseTo(byRank.get(0).perSecond() / 10, within(1e-9));
        // Heavy tail: the top 10% of 200 tenants send more than half of the requests (H(20)/H(200) ≈ 0.62).
        double top = byRank.subList(0, 20).stream().mapToDouble(TenantRates.TenantRate::perSecond).sum();
        assertThat(top / 100).isCloseTo(0.612, within(0.01));
    }

    @Test
    void theFloorGivesEveryTenantTraffic() {
        TenantRates rates = TenantRates.zipf(TENANTS, 100, 1.5, 0.1, 7);

        assertThat(rates.total()).isCloseTo(100, within(1e-9));
        assertThat(rates.byRank()).allSatisfy(r -> assertThat(r.perSecond()).isGreaterThanOrEqualTo(0.1));
    }

    @Test
    void exponentZeroIsUniform() {
        assertThat(TenantRates.zipf(TENANTS, 100, 0, 0, 7).byRank())
                .allSatisfy(r -> assertThat(r.perSecond()).isCloseTo(0.5, within(1e-9)));
    }

    @Test
    void theSeedDecidesWhichTenantsAreHeavy() {
        assertThat(TenantRates.zipf(TENANTS, 100, 1, 0, 7).byRank())
                .isEqualTo(TenantRates.zipf(TENANTS, 100, 1, 0, 7).byRank());
        assertThat(TenantRates.zipf(TENANTS, 100, 1, 0, 7).byRank().get(0).tenant())
                .isNotEqualTo(TenantRates.zipf(TENANTS, 100, 1, 0, 8).byRank().get(0).tenant());
    }

    @Test
    void refusesAFloorTheTotalCannotPayFor() {
        assertThatThrownBy(() -> TenantRates.zipf(TENANTS, 10, 1, 0.1, 7))
                .hasMessageContaining("--min-tenant-rate 0.1 for 200 tenants needs at least 20.0 requests/s, but --rate is 10.0");
    }

    @Test
    void scheduleFollowsTheRates() {
        TenantRates rates = TenantRates.zipf(TENANTS, 100, 1.0, 0, 7);
        Schedule schedule = new Schedule(rates, 42);
        Map<String, Integer> counts = new HashMap<>();
        int arrivals = 200_000;
        Schedule.Arrival last = null;
        for (int i = 0; i < arrivals; i++) {
            last = schedule.next();
            counts.merge(last.tenant(), 1, Integer::sum);
        }
        // 200 000 arrivals at 100/s take about 2 000 s (Poisson: sd of the sum ≈ 2000/√200000 ≈ 4.5 s).
        assertThat(last.atNanos() / 1e9).isCloseTo(2_000, within(25.0));
        for (TenantRates.TenantRate rate : rates.byRank().subList(0, 10)) {
            double expected = arrivals * rate.perSecond() / 100;
            // Binomial counts: 5 standard deviations.
            assertThat((double) counts.get(rate.tenant())).as(rate.tenant()).isCloseTo(expected, within(5 * Math.sqrt(expected)));
        }
    }
}
