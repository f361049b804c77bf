package dev.bulkhead.analysis.judge;

/**
 * A canary tenant whose own test crossed ({@link TenantSprt}) and whose rate is relevantly worse than its own normal
 * rate: the numbers behind a {@code TenantRegression} verdict.
 *
 * @param tenant       tenant key
 * @param events       the tenant's canary events since its test started
 * @param bad          of which bad
 * @param canaryRate   {@code bad / events}
 * @param baselineRate the rate its own history predicts for those events, adjusted by the control tenants' change
 *                     since the history (the relevance gate's reference)
 * @param stableRate   the control tenants' rate over the same looks
 * @param statistic    log of the tenant's mixture likelihood ratio
 * @param threshold    {@code log(1/α_tenant)} it crossed
 */
public record TenantRegression(String tenant, double events, double bad, double canaryRate, double baselineRate,
        double stableRate, double statistic, double threshold) {
}
