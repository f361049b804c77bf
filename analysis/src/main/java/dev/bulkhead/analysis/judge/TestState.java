package dev.bulkhead.analysis.judge;

import java.util.List;

/**
 * What the sequential test of one segment and indicator remembers between looks: small and serialisable so it
 * can live in the Rollout status (a handful of numbers per segment and indicator, plus the tenant tests).
 *
 * @param segment          segment name
 * @param indicator        indicator name
 * @param looks            looks with traffic added so far
 * @param canary           cumulative counts of the canary tenants the segment's test judged
 * @param stable           cumulative counts of the control tenants it judged them against
 * @param failLogLr        log likelihood ratios of the fail boundary, one per alternative
 * @param relevantRatio    the relevant rate ratio, fixed at the first look with data, or null before it
 * @param passLogLr        log likelihood ratios of the pass boundary, one per alternative (empty before it starts)
 * @param tenants          the per-tenant tests ({@link TenantSprt}), at most {@link TenantSprt#MAX_TRACKED}
 * @param canaryPredicted  the bad events the canary tenants' own histories predict for their events so far (point
 *                         estimate, at the history's time); null in states of the judge before tenant histories, which
 *                         are restarted rather than misread
 * @param canaryLower      the same, summed lower confidence bounds (the power check of a pass)
 * @param controlPredicted the bad events the control tenants' histories predict for their events so far
 * @param canaryLooks      looks in which the canary served events (the bounds spend their level over these; before
 *                         exposure a segment's looks spend nothing); null in older states
 * @param powerLogLr       log likelihood ratios of the power check (the canary's own rate against the relevant level
 *                         of its tenants' normal rate), one per alternative; empty before the canary's first events
 */
public record TestState(String segment, String indicator, int looks, ArmCounts canary, ArmCounts stable,
        List<Double> failLogLr, Double relevantRatio, List<Double> passLogLr, List<TenantTest> tenants,
        Double canaryPredicted, Double canaryLower, Double controlPredicted, Integer canaryLooks, List<Double> powerLogLr) {

    public TestState {
        failLogLr = List.copyOf(failLogLr);
        passLogLr = List.copyOf(passLogLr);
        tenants = tenants == null ? List.of() : List.copyOf(tenants);
        powerLogLr = powerLogLr == null ? List.of() : List.copyOf(powerLogLr);
    }

    public static TestState start(String segment, String indicator) {
        return new TestState(segment, indicator, 0, ArmCounts.EMPTY, ArmCounts.EMPTY,
                ConditionalMixtureSprt.zeros(ConditionalMixtureSprt.FAIL_GRID), null, List.of(), List.of(), 0.0, 0.0, 0.0, 0, List.of());
    }

    /** Whether this state was built by the current judge (otherwise it is restarted, never misread). */
    boolean compatible() {
        return canaryPredicted != null && canaryLower != null && controlPredicted != null && canaryLooks != null
                && failLogLr.size() == ConditionalMixtureSprt.FAIL_GRID
                && (passLogLr.isEmpty() || passLogLr.size() == ConditionalMixtureSprt.PASS_GRID)
                && (powerLogLr.isEmpty() || powerLogLr.size() == SequentialJudge.POWER_FRACTIONS.length)
                && tenants.stream().allMatch(t -> t.failLogLr().size() == ConditionalMixtureSprt.TENANT_GRID);
    }
}
