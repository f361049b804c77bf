package dev.bulkhead.analysis.bench;

/**
 * What one look sees: every tenant's counts since the previous look, as exact per-series deltas between the last
 * scrapes at or before the two looks (see {@link DetectionBenchmark}). Tenant assignment is sticky, so a tenant's
 * counts are all canary counts when {@code population.canary[t]} and all stable counts otherwise; the accessors below
 * say which. The arrays are reused for the next look: copy what must outlive the call.
 *
 * @param minute       0 for the first look (one minute after the canary started), 1 for the next, ...
 * @param population   the tenants: segment, canary or not, and (for the benchmark's bookkeeping only) the true rates
 * @param events       tenant t's requests counted at this look
 * @param bad          tenant t's bad requests counted at this look
 * @param bakeComplete per segment: whether the segment has been exposed for its whole bake (minute + 1 ≥ bake)
 */
record Look(int minute, Population population, double[] events, double[] bad, boolean[] bakeComplete) {

    int segment(int tenant) {
        return population.segment[tenant];
    }

    boolean canary(int tenant) {
        return population.canary[tenant];
    }

    double canaryEvents(int tenant) {
        return population.canary[tenant] ? events[tenant] : 0;
    }

    double canaryBad(int tenant) {
        return population.canary[tenant] ? bad[tenant] : 0;
    }

    double stableEvents(int tenant) {
        return population.canary[tenant] ? 0 : events[tenant];
    }

    double stableBad(int tenant) {
        return population.canary[tenant] ? 0 : bad[tenant];
    }
}
