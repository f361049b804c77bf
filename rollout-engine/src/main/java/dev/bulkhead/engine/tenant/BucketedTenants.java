package dev.bulkhead.engine.tenant;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

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
        Collection<String> distinct = tenants instanceof Set<?> ? tenants : new LinkedHashSet<>(tenants);
        // Counting sort on the 100 buckets, then tenant key inside a bucket: linear in the tenants
        // but for the small per-bucket sorts, and the same order every time.
        List<List<String>> byBucket = new ArrayList<>(101);
        for (int b = 0; b <= 100; b++) {
            byBucket.add(new ArrayList<>());
        }
        for (String tenant : distinct) {
            byBucket.get(TenantBucket.of(groupId, tenant)).add(tenant);
        }
        String[] sorted = new String[distinct.size()];
        int[] cumulative = new int[101];
        int n = 0;
        for (int b = 1; b <= 100; b++) {
            List<String> bucket = byBucket.get(b);
            Collections.sort(bucket);
            for (String tenant : bucket) {
                sorted[n++] = tenant;
            }
            cumulative[b] = n;
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
