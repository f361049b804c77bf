package dev.bulkhead.operator.dashboard;

import dev.bulkhead.api.v1alpha1.Condition;
import dev.bulkhead.api.v1alpha1.HistoryEntry;
import dev.bulkhead.api.v1alpha1.TenantImpact;
import java.util.List;
import java.util.Map;

/**
 * One rollout as its dashboard page shows it: segments (drawn as rings) with exposure, verdict and burn rates, the
 * conditions, the transitions, the verdicts over time, and the customer impact per tenant.
 *
 * @param pendingAction an action the annotations hold that the operator has not applied yet, or null
 * @param verdicts      the latest verdict records, oldest first (the engine keeps a bounded number)
 * @param slos          the SLOs the rollout is judged against, as far as the reader may see them
 * @param notes         what could not be shown and why (an unreadable engine record, hidden SLOs)
 */
public record RolloutDetail(String namespace, String name, Long generation, Long observedGeneration, String phase,
        String exposure, String currentSegment, Integer currentStep, String stableRevision, String canaryRevision,
        String release, PendingAction pendingAction, List<SegmentView> segments, List<Condition> conditions,
        List<HistoryEntry> history, List<VerdictPoint> verdicts, ImpactView impact, List<SloSummary> slos,
        List<String> notes) {

    /** The one-shot action waiting in {@code bulkhead.dev/action}, and who asked. */
    public record PendingAction(String action, String actor) {
    }

    /**
     * A segment: state, step, exposure, latest verdict and its numbers, remaining budget (lowest across its SLOs),
     * burn rates per SLO indicator and window, and the tenants that carry a regression.
     */
    public record SegmentView(String name, String state, Integer step, Integer exposedPercent, Integer exposedTenants,
            Integer tenants, String verdict, String verdictMessage, String lastAnalysis, Double budgetRemaining,
            List<BurnRate> burnRates, List<TenantImpact> impactedTenants) {
    }

    /** Burn rates of one indicator in one segment, by window (e.g. 5m, 1h), and the alert pairs firing. */
    public record BurnRate(String slo, String indicator, Map<String, Double> windows, List<String> firing,
            Double budgetRemaining) {
    }

    /** One verdict of the analysis for one segment, with the numbers of the indicator that decided it. */
    public record VerdictPoint(String time, String segment, String verdict, String indicator, String reason,
            Double canaryEvents, Double canaryBad, Double canaryRate, Double stableEvents, Double stableBad,
            Double stableRate, Double statistic, Double threshold) {
    }

    /**
     * Customer impact of the current revision.
     *
     * @param complete whether {@code tenants} lists every exposed tenant (from the engine record) or only the most
     *                 affected ones the status summary keeps
     */
    public record ImpactView(Integer tenantsExposed, Integer tenantsAffected, Long requests, Long badRequests,
            boolean complete, List<TenantImpact> tenants) {
    }
}
