package dev.bulkhead.analysis.judge;

import java.util.ArrayList;
import java.util.List;

/**
 * The always-valid two-sample test behind the canary judge: a mixture sequential probability ratio test on the
 * share of bad events that land in the canary arm, conditioned on the total number of bad events and on the
 * traffic split.
 *
 * <h2>Model</h2>
 * In one interval the canary serves {@code n_c} events and stable {@code n_s}; bad events are Poisson with means
 * {@code p_c·n_c} and {@code p_s·n_s}. Given the total number of bad events {@code X = x_c + x_s}, the canary's
 * share is binomial: {@code x_c | X ~ Bin(X, q)} with {@code q(r) = w·r / (w·r + 1 − w)}, where
 * {@code w = n_c / (n_c + n_s)} is the canary's share of traffic and {@code r = p_c / p_s} the rate ratio.
 * Conditioning removes the unknown common baseline rate (a degradation that hits both arms alike cancels),
 * which is the conditional SPRT of Wald (1945, §5) for two Poisson/binomial arms.
 *
 * <h2>Fail boundary</h2>
 * H0: {@code r ≤ 1} (canary no worse). For a fixed alternative {@code r_j > 1}, the per-interval likelihood ratio
 * {@code (q_j/w)^{x_c} ((1−q_j)/(1−w))^{x_s}} has conditional expectation {@code ≤ 1} whenever the true
 * {@code q ≤ w}, so the product over intervals is a non-negative supermartingale under H0 even though {@code w}
 * changes from interval to interval (the step ramps). A mixture {@code Λ = Σ π_j Π_k LR_jk} with weights summing to
 * one is again one (Robbins 1970, "method of mixtures"), and Ville's inequality gives
 * {@code P_H0(∃k: Λ_k ≥ 1/α) ≤ α}: the test may be looked at after every interval, and stopped at any time, without
 * inflating the false-rollback rate. This is the always-valid construction of Johari, Pekelis and Walsh,
 * "Always Valid Inference" (arXiv:1512.04922), here with a discrete prior on the rate ratio instead of a normal
 * prior on a mean difference, because bad events are rare counts.
 *
 * <h2>Pass (futility) boundary</h2>
 * H0': {@code r ≥ r_rel} (a relevant regression). With alternatives {@code r'_j < r_rel} and the ratio
 * {@code (q'_j/q_rel)^{x_c} ((1−q'_j)/(1−q_rel))^{x_s}}, the same argument (conditional expectation ≤ 1 whenever the
 * true {@code q ≥ q_rel}) makes the mixture a supermartingale under H0'; crossing {@code 1/β} is evidence, valid at
 * any look, that any regression is below the relevant size.
 */
public final class ConditionalMixtureSprt {

    /** Alternatives of the fail boundary: 12 ratios, log-spaced from the relevant ratio (or 1.25) to 64. */
    static final int FAIL_GRID = 12;
    /** Alternatives of the pass boundary: 6 ratios, log-spaced from 1 up to (excluding) the relevant ratio. */
    static final int PASS_GRID = 6;
    /** Alternatives of each per-tenant test: 6 ratios, log-spaced over the fail boundary's range. */
    public static final int TENANT_GRID = 6;
    private static final double FAIL_GRID_TOP = 64;

    private ConditionalMixtureSprt() {
    }

    /** The fail boundary's rate ratios for a rollout's minimum regression. */
    public static double[] failAlternatives(MinRegression minRegression) {
        double low = minRegression.relative() != null ? minRegression.relative() : 1.25;
        return logSpaced(low, FAIL_GRID_TOP, FAIL_GRID, true);
    }

    /**
     * The per-tenant tests' rate ratios: {@value #TENANT_GRID} of them over the fail boundary's range. A tenant's state
     * keeps one log likelihood ratio per alternative, so fewer alternatives keep 32 tenants' tests small; the tests
     * are for regressions large enough to show in one tenant, where a coarse grid loses little.
     */
    public static double[] tenantAlternatives(MinRegression minRegression) {
        double low = minRegression.relative() != null ? minRegression.relative() : 1.25;
        return logSpaced(low, FAIL_GRID_TOP, TENANT_GRID, true);
    }

    /** The pass boundary's rate ratios below {@code relevantRatio}. */
    public static double[] passAlternatives(double relevantRatio) {
        return logSpaced(1, relevantRatio, PASS_GRID, false);
    }

    /** {@code q(r)}: the canary's expected share of bad events at traffic share {@code w} and rate ratio {@code r}. */
    public static double canaryShare(double w, double r) {
        return w * r / (w * r + 1 - w);
    }

    /**
     * Adds one interval to the per-alternative log likelihood ratios of the fail boundary.
     *
     * @param w  canary share of traffic in the interval (strictly between 0 and 1)
     * @param xc canary bad events in the interval
     * @param xs stable bad events in the interval
     */
    public static List<Double> updateFail(List<Double> logLr, double[] alternatives, double w, double xc, double xs) {
        List<Double> next = new ArrayList<>(alternatives.length);
        for (int j = 0; j < alternatives.length; j++) {
            double q = canaryShare(w, alternatives[j]);
            next.add(logLr.get(j) + xc * Math.log(q / w) + xs * Math.log((1 - q) / (1 - w)));
        }
        return next;
    }

    /** Adds one interval to the log likelihood ratios of the pass boundary (alternatives against {@code r_rel}). */
    public static List<Double> updatePass(List<Double> logLr, double[] alternatives, double relevantRatio, double w,
            double xc, double xs) {
        double qRel = canaryShare(w, relevantRatio);
        List<Double> next = new ArrayList<>(alternatives.length);
        for (int j = 0; j < alternatives.length; j++) {
            double q = canaryShare(w, alternatives[j]);
            next.add(logLr.get(j) + xc * Math.log(q / qRel) + xs * Math.log((1 - q) / (1 - qRel)));
        }
        return next;
    }

    /**
     * Adds one interval judged against a known baseline rate {@code p0} instead of a concurrent stable arm: the
     * segment's own stable rate from before it was exposed, when every tenant of it is now on the canary. This is the
     * limit of the conditional ratio as the canary's traffic share goes to 0 with stable's bad events at their
     * expectation: with {@code x_c ~ Poisson(r·n_c·p0)}, {@code log LR_j = x_c·log r_j − (r_j − 1)·n_c·p0}, whose
     * expectation under {@code r ≤ 1} is at most 1, so the mixture stays a supermartingale and Ville's bound holds.
     */
    public static List<Double> updateFailKnownBaseline(List<Double> logLr, double[] alternatives, double nc, double xc,
            double p0) {
        List<Double> next = new ArrayList<>(alternatives.length);
        for (int j = 0; j < alternatives.length; j++) {
            double r = alternatives[j];
            next.add(logLr.get(j) + xc * Math.log(r) - (r - 1) * nc * p0);
        }
        return next;
    }

    /** The pass boundary against a known baseline: {@code log LR_j = x_c·log(r'_j/r_rel) − (r'_j − r_rel)·n_c·p0}. */
    public static List<Double> updatePassKnownBaseline(List<Double> logLr, double[] alternatives, double relevantRatio,
            double nc, double xc, double p0) {
        List<Double> next = new ArrayList<>(alternatives.length);
        for (int j = 0; j < alternatives.length; j++) {
            double r = alternatives[j];
            next.add(logLr.get(j) + xc * Math.log(r / relevantRatio) - (r - relevantRatio) * nc * p0);
        }
        return next;
    }

    /** {@code log Σ_j (1/J) exp(logLr_j)}: the log of the mixture likelihood ratio with uniform weights. */
    public static double logMixture(List<Double> logLr) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : logLr) {
            max = Math.max(max, v);
        }
        if (max == Double.NEGATIVE_INFINITY) {
            return max;
        }
        double sum = 0;
        for (double v : logLr) {
            sum += Math.exp(v - max);
        }
        return max + Math.log(sum / logLr.size());
    }

    /** A fresh test: every log likelihood ratio zero. */
    public static List<Double> zeros(int n) {
        List<Double> z = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            z.add(0.0);
        }
        return z;
    }

    /**
     * Wald's approximate expected number of observations of a one-sample SPRT of {@code p0} against {@code p1}
     * under H1, the theoretical floor for any test with the same error rates (Wald and Wolfowitz 1948):
     * {@code E1[N] ≈ [(1−β)·log((1−β)/α) + β·log(β/(1−α))] / KL(p1‖p0)}.
     */
    public static double waldExpectedSampleSize(double p0, double p1, double alpha, double beta) {
        double kl = p1 * Math.log(p1 / p0) + (1 - p1) * Math.log((1 - p1) / (1 - p0));
        double a = Math.log((1 - beta) / alpha);
        double b = Math.log(beta / (1 - alpha));
        return ((1 - beta) * a + beta * b) / kl;
    }

    private static double[] logSpaced(double low, double high, int n, boolean inclusiveHigh) {
        double[] out = new double[n];
        double steps = inclusiveHigh ? n - 1 : n;
        for (int i = 0; i < n; i++) {
            out[i] = Math.exp(Math.log(low) + (Math.log(high) - Math.log(low)) * i / steps);
        }
        return out;
    }
}
