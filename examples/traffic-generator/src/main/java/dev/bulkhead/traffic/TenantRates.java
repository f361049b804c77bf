package dev.bulkhead.traffic;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Each tenant's request rate: a Zipf law over tenant ranks, so a few tenants send most requests and a long tail sends
 * a few, as on real multi-tenant platforms. The ranks are a seeded shuffle of the tenant list, so which tenants are
 * heavy is arbitrary but the same for the same seed. A floor gives every tenant some traffic, so even the tail has
 * samples to judge.
 *
 * <p>rate(tenant of rank k) = floor + (total − n·floor) · k^−s / Σ_{j=1..n} j^−s
 */
public final class TenantRates {

    private final List<TenantRate> rates;

    private TenantRates(List<TenantRate> rates) {
        this.rates = rates;
    }

    /**
     * @param tenants  distinct tenant keys, at least one
     * @param total    requests per second over all tenants, positive
     * @param exponent the Zipf exponent s ≥ 0 (0: every tenant alike; around 1: heavy-tailed)
     * @param floor    requests per second every tenant gets at least; n·floor must not exceed total
     * @param seed     the seed of the rank shuffle
     * @throws IllegalArgumentException naming the option at fault
     */
    public static TenantRates zipf(List<String> tenants, double total, double exponent, double floor, long seed) {
        if (tenants.isEmpty()) {
            throw new IllegalArgumentException("no tenants: give --tenants, --tenants-file or --synthetic");
        }
        if (!(total > 0)) {
            throw new IllegalArgumentException("--rate must be positive, got " + total);
        }
        if (!(exponent >= 0)) {
            throw new IllegalArgumentException("--zipf must be 0 or more, got " + exponent);
        }
        if (!(floor >= 0) || floor * tenants.size() > total) {
            throw new IllegalArgumentException("--min-tenant-rate " + floor + " for " + tenants.size()
                    + " tenants needs at least " + floor * tenants.size() + " requests/s, but --rate is " + total);
        }
        List<String> ranked = new ArrayList<>(tenants);
        Collections.shuffle(ranked, new Random(seed));
        double harmonic = 0;
        for (int k = 1; k <= ranked.size(); k++) {
            harmonic += Math.pow(k, -exponent);
        }
        double spread = total - floor * ranked.size();
        List<TenantRate> rates = new ArrayList<>(ranked.size());
        for (int k = 1; k <= ranked.size(); k++) {
            rates.add(new TenantRate(ranked.get(k - 1), k, floor + spread * Math.pow(k, -exponent) / harmonic));
        }
        return new TenantRates(Collections.unmodifiableList(rates));
    }

    /** By rank, heaviest first. */
    public List<TenantRate> byRank() {
        return rates;
    }

    /** The sum of the rates, requests per second. */
    public double total() {
        return rates.stream().mapToDouble(TenantRate::perSecond).sum();
    }

    /**
     * One tenant's share of the traffic.
     *
     * @param tenant    the tenant key
     * @param rank      1 for the heaviest tenant
     * @param perSecond its mean request rate
     */
    public record TenantRate(String tenant, int rank, double perSecond) {
    }
}
