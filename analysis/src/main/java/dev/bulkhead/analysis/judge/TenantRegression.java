package dev.bulkhead.analysis.judge;

/**
 * A canary tenant whose own bad-event rate crossed its always-valid test against the segment's stable rate and is
 * relevantly worse ({@link TenantSprt}): the numbers behind a {@code TenantRegression} verdict.
 *
 * @param tenant       tenant key
 * @param events       the tenant's canary events since its test started
 * @param bad          of which bad
 * @param canaryRate   {@code bad / events}
 * @param baselineRate the rate the test held it against: {@code expectedBad / events}, the upper confidence bound of
 *                     stable's rate averaged over the tenant's events
 * @param stableRate   the segment's cumulative stable rate (the relevance gate's reference)
 * @param statistic    log of the tenant's mixture likelihood ratio
 * @param threshold    {@code log(1/α_tenant)} it crossed
 */
public record TenantRegression(String tenant, double events, double bad, double canaryRate, double baselineRate,
        double stableRate, double statistic, double threshold) {
}
