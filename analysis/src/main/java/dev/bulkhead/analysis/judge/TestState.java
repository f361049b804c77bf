package dev.bulkhead.analysis.judge;

import java.util.List;

/**
 * What the sequential test of one segment and indicator remembers between looks: small and serialisable so it
 * can live in the Rollout status (a handful of numbers per segment and indicator).
 *
 * @param segment        segment name
 * @param indicator      indicator name
 * @param looks          intervals added so far
 * @param canary         cumulative canary counts
 * @param stable         cumulative stable counts
 * @param failLogLr      log likelihood ratios of the fail boundary, one per alternative
 * @param relevantRatio  the relevant rate ratio fixed at the first look with data, or null before it
 * @param passLogLr      log likelihood ratios of the pass boundary, one per alternative (empty before it starts)
 * @param tenants        the per-tenant tests ({@link TenantSprt}): only canary tenants that had a bad event, at most
 *                       {@link TenantSprt#MAX_TRACKED}; absent in states written before the per-tenant rule (read as none)
 */
public record TestState(String segment, String indicator, int looks, ArmCounts canary, ArmCounts stable,
        List<Double> failLogLr, Double relevantRatio, List<Double> passLogLr, List<TenantTest> tenants) {

    public TestState {
        failLogLr = List.copyOf(failLogLr);
        passLogLr = List.copyOf(passLogLr);
        tenants = tenants == null ? List.of() : List.copyOf(tenants);
    }

    /** A state without per-tenant tests. */
    public TestState(String segment, String indicator, int looks, ArmCounts canary, ArmCounts stable,
            List<Double> failLogLr, Double relevantRatio, List<Double> passLogLr) {
        this(segment, indicator, looks, canary, stable, failLogLr, relevantRatio, passLogLr, List.of());
    }

    public static TestState start(String segment, String indicator) {
        return new TestState(segment, indicator, 0, ArmCounts.EMPTY, ArmCounts.EMPTY,
                ConditionalMixtureSprt.zeros(ConditionalMixtureSprt.FAIL_GRID), null, List.of());
    }

    /** Whether this state was built with the current grid (otherwise it is restarted, never misread). */
    boolean compatible() {
        return failLogLr.size() == ConditionalMixtureSprt.FAIL_GRID
                && (passLogLr.isEmpty() || passLogLr.size() == ConditionalMixtureSprt.PASS_GRID);
    }
}
