package dev.bulkhead.analysis.judge;

/**
 * Confidence bounds for {@code m = Σ c_i·λ_i}, a non-negatively weighted sum of the means of independent Poisson
 * counts {@code x_i}, from the estimate {@code Y = Σ c_i·x_i}. The judge needs it to turn tenants' pre-exposure
 * history into an H0 prediction for this look: {@code x_i} is tenant i's bad events in its history window,
 * {@code λ_i} their mean, and {@code c_i = n_i / h_i} its events in the look over its events in the history, so
 * {@code m} is the number of bad events tenant i's normal rate predicts for the look, summed over the tenants.
 *
 * <h2>Bounds</h2>
 * With {@code c = max c_i} the variance proxy is {@code V = Σ c_i²·λ_i ≤ c·m}.
 * <ul>
 *   <li>Lower tail (sub-Gaussian: {@code e^{−s} − 1 + s ≤ s²/2}): {@code P(Y ≤ m − √(2·L·c·m)) ≤ e^{−L}}, so
 *       {@code m < ((√(2Lc) + √(2Lc + 4Y)) / 2)²} with probability at least {@code 1 − e^{−L}}: the upper bound.</li>
 *   <li>Upper tail (Bernstein: {@code e^{s} − 1 − s ≤ s²/(2(1 − s/3))}): {@code P(Y ≥ m + cL/3 + √((cL/3)² + 2Lcm))
 *       ≤ e^{−L}}, so the smallest {@code m} that still reaches {@code Y} is the lower bound.</li>
 * </ul>
 * For a single count ({@code c = 1}) the upper bound is about {@code x + L + √(2Lx)}, a little wider than the exact
 * Poisson bound, in exchange for holding for any weights. The width grows with {@code c}: a tenant whose history is
 * short next to its traffic in the look widens the bound of every sum it is in, which is why the judge keeps tenants
 * without enough history out of the pooled test.
 */
public final class WeightedPoissonBound {

    private WeightedPoissonBound() {
    }

    /**
     * The upper confidence bound of {@code m} at level {@code 1 − e^{−logInvDelta}}.
     *
     * @param estimate    {@code Y = Σ c_i·x_i}
     * @param maxWeight   {@code max c_i} (0 when every weight is 0)
     * @param logInvDelta {@code log(1/δ)}
     */
    public static double upper(double estimate, double maxWeight, double logInvDelta) {
        requireInputs(estimate, maxWeight, logInvDelta);
        double a = Math.sqrt(2 * logInvDelta * maxWeight);
        double root = (a + Math.sqrt(a * a + 4 * estimate)) / 2;
        return root * root;
    }

    /** The lower confidence bound of {@code m} at level {@code 1 − e^{−logInvDelta}}; never negative. */
    public static double lower(double estimate, double maxWeight, double logInvDelta) {
        requireInputs(estimate, maxWeight, logInvDelta);
        double shift = maxWeight * logInvDelta / 3;
        if (reach(0, maxWeight, logInvDelta, shift) >= estimate) {
            return 0;
        }
        double lo = 0;
        double hi = Math.max(estimate, 1e-300);
        for (int i = 0; i < 200 && hi - lo > 1e-12 * hi; i++) {
            double mid = (lo + hi) / 2;
            if (reach(mid, maxWeight, logInvDelta, shift) >= estimate) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return lo;
    }

    /** The largest {@code Y} a mean {@code m} reaches except with probability {@code e^{−L}} (Bernstein). */
    private static double reach(double m, double c, double logInvDelta, double shift) {
        return m + shift + Math.sqrt(shift * shift + 2 * logInvDelta * c * m);
    }

    private static void requireInputs(double estimate, double maxWeight, double logInvDelta) {
        if (!(estimate >= 0) || !(maxWeight >= 0) || !(logInvDelta > 0)) {
            throw new IllegalArgumentException("bound of a weighted Poisson sum needs a non-negative estimate and weight and a"
                    + " positive log(1/delta), got " + estimate + ", " + maxWeight + ", " + logInvDelta);
        }
    }
}
