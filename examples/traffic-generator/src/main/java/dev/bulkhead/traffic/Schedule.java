package dev.bulkhead.traffic;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The arrivals of a run: a Poisson process at the total rate, each arrival's tenant drawn in proportion to its rate
 * (so each tenant's arrivals are a Poisson process at its own rate). Deterministic: the same rates and seed give the
 * same arrivals, whatever the service answers. Not thread-safe; one thread walks it.
 */
public final class Schedule {

    private final String[] tenants;
    private final double[] cumulative;
    private final double total;
    private final SplittableRandom random;
    private double atSeconds;

    public Schedule(TenantRates rates, long seed) {
        List<TenantRates.TenantRate> byRank = rates.byRank();
        this.tenants = new String[byRank.size()];
        this.cumulative = new double[byRank.size()];
        double sum = 0;
        for (int i = 0; i < byRank.size(); i++) {
            tenants[i] = byRank.get(i).tenant();
            sum += byRank.get(i).perSecond();
            cumulative[i] = sum;
        }
        this.total = sum;
        this.random = new SplittableRandom(seed);
    }

    /** The next arrival, later than every earlier one. */
    public Arrival next() {
        // Exponential inter-arrival times; 1 - u avoids log(0).
        atSeconds += -Math.log(1 - random.nextDouble()) / total;
        double pick = random.nextDouble() * total;
        int low = 0;
        int high = cumulative.length - 1;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (cumulative[mid] > pick) {
                high = mid;
            } else {
                low = mid + 1;
            }
        }
        return new Arrival(Math.round(atSeconds * 1e9), tenants[low]);
    }

    /**
     * One request to send.
     *
     * @param atNanos when, from the start of the run
     * @param tenant  for which tenant
     */
    public record Arrival(long atNanos, String tenant) {
    }
}
