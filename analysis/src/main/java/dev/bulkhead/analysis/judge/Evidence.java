package dev.bulkhead.analysis.judge;

import java.time.Instant;
import java.util.List;

/**
 * The numbers behind one verdict, so that any decision can be audited later.
 *
 * @param windowStart        start of the interval added at this look
 * @param windowEnd          evaluation time
 * @param looks              intervals in the sequential test so far
 * @param canary             cumulative canary counts
 * @param stable             cumulative stable counts
 * @param canaryWindow       canary counts of this interval
 * @param stableWindow       stable counts of this interval
 * @param canaryRate         cumulative canary bad-event rate (NaN without events)
 * @param stableRate         cumulative stable bad-event rate (NaN without events)
 * @param failStatistic      log of the fail boundary's mixture likelihood ratio
 * @param failThreshold      {@code log(1/α)} it is held against
 * @param alpha              false-rollback rate of this segment and indicator (after the split)
 * @param passStatistic      log of the pass boundary's mixture likelihood ratio (NaN before it starts)
 * @param passThreshold      {@code log(1/β)}
 * @param relevantRatio      the relevant regression as a rate ratio (NaN before it is fixed)
 * @param waldExpectedEvents Wald's expected canary events to detect a relevant regression at stable's rate (NaN when unknown)
 * @param tenantRegressions  canary tenants whose own test crossed and whose rate is relevantly worse, strongest first
 * @param expectedRate       the rate the judged canary tenants' own histories predict for their events, times the
 *                           control tenants' change since the history (the relevance gate's reference; the stable rate
 *                           when there is no history)
 * @param baseline           how the canary was judged, in words (which tenants against their own history, which
 *                           against a conservative bound, where the control came from)
 */
public record Evidence(Instant windowStart, Instant windowEnd, int looks, ArmCounts canary, ArmCounts stable,
        ArmCounts canaryWindow, ArmCounts stableWindow, double canaryRate, double stableRate, double failStatistic,
        double failThreshold, double alpha, double passStatistic, double passThreshold, double relevantRatio,
        double waldExpectedEvents, List<TenantRegression> tenantRegressions, double expectedRate, String baseline) {

    public Evidence {
        tenantRegressions = tenantRegressions == null ? List.of() : List.copyOf(tenantRegressions);
    }
}
