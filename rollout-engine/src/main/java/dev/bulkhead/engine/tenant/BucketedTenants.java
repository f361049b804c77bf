package dev.bulkhead.engine.tenant;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The tenants of one segment ordered by their bucket for one group id. Exposing {@code p} percent is
 * a prefix of that order, so exposed sets are nested by construction: raising the percent only adds
 * tenants, and the set at a percent is computed once per plan, not once per request.
 */
public final class BucketedTenants {

    private final List<String> tenants;
    /** {@code exposedCount[p]}: how many tenants have a bucket at or below {@code p}, p in 0..100. */
    private final int[] exposedCount;

    private BucketedTenants(String[] tenants, int[] exposedCount) {
        this.tenants = Collections.unmodifiableList(Arrays.asList(tenants));
        this.exposedCount = exposedCount;
    }

    /** Buckets the tenants (duplicates are ignored) for the rollout's group id. */
    public static BucketedTenants of(String groupId, Collection<String> tenants) {
        List<String> distinct = new ArrayList<>(new LinkedHashSet<>(tenants));
        int n = distinct.size();
        int[] buckets = new int[n];
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            buckets[i] = TenantBucket.of(groupId, distinct.get(i));
            order[i] = i;
        }
        Arrays.sort(order, Comparator.<Integer>comparingInt(i -> buckets[i]).thenComparing(distinct::get));
        String[] sorted = new String[n];
        int[] perBucket = new int[101];
        for (int i = 0; i < n; i++) {
            sorted[i] = distinct.get(order[i]);
            perBucket[buckets[order[i]]]++;
        }
        int[] cumulative = new int[101];
        for (int p = 1; p <= 100; p++) {
            cumulative[p] = cumulative[p - 1] + perBucket[p];
        }
        return new BucketedTenants(sorted, cumulative);
    }

    public static BucketedTenants empty() {
        return new BucketedTenants(new String[0], new int[101]);
    }

    /** Number of tenants in the segment. */
    public int size() {
        return tenants.size();
    }

    /** Number of tenants exposed at {@code percent} (clamped to 0..100). */
    public int exposedCount(int percent) {
        return exposedCount[clamp(percent)];
    }

    /** The tenants exposed at {@code percent}, in bucket order; an unmodifiable view. */
    public List<String> exposed(int percent) {
        return tenants.subList(0, exposedCount(percent));
    }

    /** Every tenant of the segment, in bucket order. */
    public List<String> all() {
        return tenants;
    }

    private static int clamp(int percent) {
        return Math.max(0, Math.min(100, percent));
    }
}
