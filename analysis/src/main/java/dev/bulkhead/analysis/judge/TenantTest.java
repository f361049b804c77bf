package dev.bulkhead.analysis.judge;

/**
 * What the per-tenant test of one canary tenant remembers between looks ({@link TenantSprt}). A tenant is tracked
 * from the first look in which its canary traffic had a bad event; before that its test could not have crossed, and
 * nothing is kept, so the state grows only with tenants that had errors (at most {@link TenantSprt#MAX_TRACKED}).
 *
 * @param tenant           tenant key
 * @param events           canary events of the tenant since (and including) the look that started tracking
 * @param bad              of which bad
 * @param expectedBad      {@code Σ n_k·p0_k}: the bad events the baseline predicts for those events
 * @param firstExpectedBad {@code n·p0} of the look that started tracking (its likelihood is truncated to "at least one")
 */
public record TenantTest(String tenant, double events, double bad, double expectedBad, double firstExpectedBad) {
}
