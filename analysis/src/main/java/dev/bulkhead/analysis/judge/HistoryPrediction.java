package dev.bulkhead.analysis.judge;

import java.util.Map;

/**
 * What a group of tenants' own histories predict for one look: the bad events their normal rates give for the events
 * they served in the look ({@code Y = Σ n_i·x_i/h_i}), the largest weight {@code n_i/h_i} (for
 * {@link WeightedPoissonBound}), and the look's actual counts of the same tenants. Tenants without a usable history
 * ({@link TenantHistory#usable}) are counted apart and either left out or predicted at a conservative rate.
 *
 * @param predictedBad  {@code Σ n_i·x_i/h_i} over the tenants with history
 * @param maxWeight     {@code max n_i/h_i}
 * @param observed      the look's events and bad events of the tenants predicted
 * @param withHistory   tenants with history that served events in the look
 * @param withoutHistory tenants that served events in the look without a usable history
 * @param observedWithout the look's events and bad events of the tenants without history
 */
public record HistoryPrediction(double predictedBad, double maxWeight, ArmCounts observed, int withHistory,
        int withoutHistory, ArmCounts observedWithout) {

    public static final HistoryPrediction NONE = new HistoryPrediction(0, 0, ArmCounts.EMPTY, 0, 0, ArmCounts.EMPTY);

    /** The prediction for the tenants of {@code window} (this look's counts per tenant); tenants without history are left out. */
    public static HistoryPrediction of(Map<String, ArmCounts> window, TenantHistory history) {
        return of(window, history, Double.NaN);
    }

    /**
     * The prediction for the tenants of {@code window}, tenants without a usable history predicted at
     * {@code conservativeRate} (a rate taken as known, so it widens no bound) when it is a number, else left out.
     */
    public static HistoryPrediction of(Map<String, ArmCounts> window, TenantHistory history, double conservativeRate) {
        double y = 0;
        double c = 0;
        double events = 0;
        double bad = 0;
        double eventsWithout = 0;
        double badWithout = 0;
        int with = 0;
        int without = 0;
        for (Map.Entry<String, ArmCounts> e : window.entrySet()) {
            ArmCounts now = e.getValue();
            if (now.events() <= 0) {
                continue;
            }
            ArmCounts h = history.usable(e.getKey(), now.events());
            if (h == null) {
                without++;
                eventsWithout += now.events();
                badWithout += now.bad();
                if (Double.isFinite(conservativeRate) && conservativeRate > 0) {
                    y += now.events() * conservativeRate;
                    events += now.events();
                    bad += now.bad();
                }
                continue;
            }
            double weight = now.events() / h.events();
            y += weight * h.bad();
            c = Math.max(c, weight);
            events += now.events();
            bad += now.bad();
            with++;
        }
        return new HistoryPrediction(y, c, new ArmCounts(events, bad), with, without, new ArmCounts(eventsWithout, badWithout));
    }

    /** The upper confidence bound of the predicted bad events at level {@code 1 − e^{−logInvDelta}}. */
    public double upper(double logInvDelta) {
        return WeightedPoissonBound.upper(predictedBad, maxWeight, logInvDelta);
    }

    /** The lower confidence bound of the predicted bad events at level {@code 1 − e^{−logInvDelta}}. */
    public double lower(double logInvDelta) {
        return WeightedPoissonBound.lower(predictedBad, maxWeight, logInvDelta);
    }
}
