package dev.bulkhead.analysis.culprit;

/**
 * A tenant whose canary bad events exceed what the segment's stable rate predicts.
 *
 * @param tenant        tenant key
 * @param indicator     the indicator that showed it
 * @param canaryEvents  the tenant's events served by canary
 * @param canaryBad     of which bad
 * @param expectedBad   {@code canaryEvents × stable rate of the segment}
 * @param excessBad     {@code canaryBad − expectedBad}: the bad events the release likely caused for this tenant
 * @param pValue        exact binomial {@code P(X ≥ canaryBad)} at stable's rate
 * @param holmThreshold the level this p-value was held against (Holm step-down over the segment's canary tenants)
 * @param significant   whether it stays significant after the multiple-comparison control
 */
public record CulpritTenant(String tenant, String indicator, double canaryEvents, double canaryBad, double expectedBad,
        double excessBad, double pValue, double holmThreshold, boolean significant) {
}
