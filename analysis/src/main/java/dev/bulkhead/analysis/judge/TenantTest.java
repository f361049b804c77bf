package dev.bulkhead.analysis.judge;

import java.util.List;

/**
 * What the per-tenant test of one canary tenant remembers between looks ({@link TenantSprt}). A tenant takes a slot at
 * its first look on the canary, in an order that does not depend on its errors (the size of its history), and keeps it.
 *
 * @param tenant      tenant key
 * @param events      canary events of the tenant since it took its slot
 * @param bad         of which bad
 * @param predicted   the bad events its own normal rate predicts for those events (point estimate, at the history's
 *                    time; {@code Σ n_k·x_h/h}), or the segment's highest normal rate for a tenant without history
 * @param withHistory whether the tenant was judged against its own history (false: against the segment's highest
 *                    normal rate, the conservative bound for tenants without enough history)
 * @param failLogLr   log likelihood ratios of its test, one per alternative of {@link TenantSprt}
 */
public record TenantTest(String tenant, double events, double bad, double predicted, boolean withHistory,
        List<Double> failLogLr) {

    public TenantTest {
        failLogLr = failLogLr == null ? List.of() : List.copyOf(failLogLr);
    }
}
