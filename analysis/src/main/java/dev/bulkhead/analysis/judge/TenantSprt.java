package dev.bulkhead.analysis.judge;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The per-tenant rule: an always-valid one-sample test of each canary tenant's bad-event rate against the segment's
 * stable rate, so that a regression confined to a few tenants fails the segment even when the segment's rate dilutes
 * it. {@link dev.bulkhead.analysis.culprit.CulpritFinder}'s exact test ranks tenants once a segment fails; it is fixed-sample, so repeating it at
 * every look would not bound the false-rollback rate. This test may be looked at every interval.
 *
 * <h2>Test</h2>
 * Under tenant stickiness a tenant is wholly canary, so its own stable rate does not exist: the baseline is the
 * segment's. With {@code x ~ Poisson(r·n·p0)} in an interval, {@code log LR_j = x·log r_j − (r_j − 1)·n·p0} (the
 * known-baseline form of {@link ConditionalMixtureSprt#updateFailKnownBaseline}); its expectation is at most 1
 * whenever the tenant's rate is at most {@code p0}, so the uniform mixture over the fail alternatives is a
 * supermartingale and Ville's inequality bounds the chance it ever crosses {@code 1/α} by {@code α}. Only
 * {@code (events, bad, Σ n·p0)} per tenant are needed, whatever {@code p0} was at each look.
 *
 * <h2>State bound: tracking from the first bad look</h2>
 * A tenant's test starts at the first look where its canary traffic had a bad event (before that its statistic is
 * below 1 and nothing needs keeping). That look is selected for {@code x ≥ 1}, so its factor is the likelihood ratio
 * of the zero-truncated Poisson, {@code r^x·e^{−(r−1)μ}·(1 − e^{−μ}) / (1 − e^{−rμ})}: its expectation given
 * {@code x ≥ 1} is 1 at {@code r = 1} (at most 1 below, by monotone likelihood ratio), so the process "1 until the
 * first bad look, the test afterwards" is still a supermartingale from 1. At most {@link #MAX_TRACKED} tenants are
 * ever tracked per segment and indicator; later tenants with errors are not tested (the segment test still is).
 *
 * <h2>The stable rate is an estimate</h2>
 * {@code p0} at each look is an upper confidence bound of stable's rate (the Chernoff bound on the Poisson lower tail,
 * {@code μ − x − x·log(μ/x) = log(1/δ_k)}, as in KL-UCB, Garivier and Cappé 2011, "The KL-UCB algorithm for bounded
 * stochastic bandits and beyond", COLT; valid for binomial counts too, whose KL exceeds the Poisson one), made
 * time-uniform by spending {@code δ_k = δ/(k(k+1))} at the k-th look (a union bound over looks; the sum is δ). With
 * probability at least {@code 1 − δ} the bound is above stable's rate at every look, and then a tenant no worse than
 * stable has {@code p ≤ p0} at every look. {@code p0} is also never below stable's rate in the same interval, so an
 * incident that hits both arms does not look like the canary's fault.
 *
 * <h2>Error split</h2>
 * The tenant family of one segment and indicator gets {@code familyAlpha}: a quarter to the baseline's bound, three
 * quarters split evenly (Bonferroni) over the {@link #MAX_TRACKED} slots a tenant can take. Which tenant takes a slot
 * depends on the data only up to the look its test starts, so each slot's test is a supermartingale from 1 and
 * {@code P(any tenant fails falsely) ≤ δ + MAX_TRACKED · α_slot = familyAlpha}.
 *
 * <h2>Relevance</h2>
 * A crossed test fails only when the tenant has at least {@code minEvents} canary events and its rate is relevantly
 * worse than stable's ({@link MinRegression}, as for the segment). The rate discounts the bad event that started the
 * tracking (that look was picked for having one), so a small tenant with one unlucky error does not look 10% bad.
 */
public final class TenantSprt {

    /** Tenants tracked per segment and indicator: 32 × 5 numbers keep the state of a test under about 3 KB of JSON. */
    public static final int MAX_TRACKED = 32;

    /** The tracked tenants after a look, and those that fail. */
    public record Result(List<TenantTest> tracked, List<TenantRegression> regressions) {
    }

    private final double baselineDelta;
    private final double slotAlpha;
    private final double[] alternatives;
    private final MinRegression minRegression;
    private final double minEvents;

    /**
     * @param familyAlpha   false-rollback rate of all tenant tests of one segment and indicator together
     * @param minRegression the relevance gate
     * @param minEvents     canary events a tenant needs before it can fail the segment
     */
    public TenantSprt(double familyAlpha, MinRegression minRegression, double minEvents) {
        this.baselineDelta = familyAlpha / 4;
        this.slotAlpha = familyAlpha * 3 / 4 / MAX_TRACKED;
        this.alternatives = ConditionalMixtureSprt.failAlternatives(minRegression);
        this.minRegression = minRegression;
        this.minEvents = minEvents;
    }

    /** {@code log(1/α)} of one tenant's test. */
    public double threshold() {
        return Math.log(1 / slotAlpha);
    }

    /**
     * Adds one interval.
     *
     * @param tracked       the tenants tracked so far
     * @param canaryTenants this interval's canary counts per tenant of the segment
     * @param stable        the segment's cumulative stable counts, this interval included
     * @param stableWindow  the segment's stable counts of this interval
     * @param look          the number of this look (1, 2, ...), for the confidence bound's spending
     */
    public Result look(List<TenantTest> tracked, Map<String, ArmCounts> canaryTenants, ArmCounts stable,
            ArmCounts stableWindow, int look) {
        double p0 = upperRate(stable, baselineDelta / (look * (look + 1.0)));
        if (stableWindow.events() > 0) {
            p0 = Math.max(p0, stableWindow.rate());
        }
        Map<String, TenantTest> next = new LinkedHashMap<>();
        for (TenantTest t : tracked) {
            ArmCounts w = canaryTenants.getOrDefault(t.tenant(), ArmCounts.EMPTY);
            next.put(t.tenant(), new TenantTest(t.tenant(), t.events() + w.events(), t.bad() + w.bad(),
                    t.expectedBad() + w.events() * p0, t.firstExpectedBad()));
        }
        // Free slots go to the tenants with the most bad events in this look; the order only uses data up to now.
        List<Map.Entry<String, ArmCounts>> starting = canaryTenants.entrySet().stream()
                .filter(e -> e.getValue().bad() > 0 && !next.containsKey(e.getKey()))
                .sorted(Comparator.comparingDouble((Map.Entry<String, ArmCounts> e) -> e.getValue().bad()).reversed()
                        .thenComparing(Map.Entry::getKey))
                .toList();
        for (Map.Entry<String, ArmCounts> e : starting) {
            if (next.size() >= MAX_TRACKED) {
                break;
            }
            double mu = e.getValue().events() * p0;
            next.put(e.getKey(), new TenantTest(e.getKey(), e.getValue().events(), e.getValue().bad(), mu, mu));
        }
        List<TenantRegression> regressions = new ArrayList<>();
        double threshold = threshold();
        for (TenantTest t : next.values()) {
            double statistic = logStatistic(t);
            double discounted = Math.max(0, t.bad() - 1) / t.events();
            if (statistic >= threshold && t.events() >= minEvents && minRegression.isRelevant(discounted, stable.rate())) {
                regressions.add(new TenantRegression(t.tenant(), t.events(), t.bad(), t.bad() / t.events(),
                        t.expectedBad() / t.events(), stable.rate(), statistic, threshold));
            }
        }
        regressions.sort(Comparator.comparingDouble(TenantRegression::statistic).reversed()
                .thenComparing(TenantRegression::tenant));
        return new Result(List.copyOf(next.values()), regressions);
    }

    /** The log mixture likelihood ratio of one tenant's test (zero-truncated at the look that started it). */
    public double logStatistic(TenantTest t) {
        List<Double> logLr = new ArrayList<>(alternatives.length);
        double mu1 = t.firstExpectedBad();
        for (double r : alternatives) {
            double truncation = mu1 > 0 ? Math.log(-Math.expm1(-mu1)) - Math.log(-Math.expm1(-r * mu1)) : 0;
            logLr.add(t.bad() * Math.log(r) - (r - 1) * t.expectedBad() + truncation);
        }
        return ConditionalMixtureSprt.logMixture(logLr);
    }

    /**
     * An upper confidence bound of an arm's bad-event rate at level {@code 1 − delta}: the largest {@code μ/n} whose
     * Chernoff bound on {@code P(X ≤ x)} is at least {@code delta}, i.e. the root above {@code x} of
     * {@code μ − x − x·log(μ/x) = log(1/delta)}. Infinite without events.
     */
    public static double upperRate(ArmCounts arm, double delta) {
        if (arm.events() <= 0) {
            return Double.POSITIVE_INFINITY;
        }
        double x = arm.bad();
        double target = Math.log(1 / delta);
        double lo = x;
        double hi = x + target + Math.sqrt(2 * x * target) + 1;
        while (chernoff(x, hi) < target) {
            hi = x + 2 * (hi - x);
        }
        for (int i = 0; i < 100 && hi - lo > 1e-12 * hi; i++) {
            double mid = (lo + hi) / 2;
            if (chernoff(x, mid) < target) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return Math.min(1, hi / arm.events());
    }

    /** {@code μ − x + x·log(x/μ)}, the Poisson divergence of the count {@code x} from the mean {@code μ ≥ x}. */
    private static double chernoff(double x, double mu) {
        return x > 0 ? mu - x + x * Math.log(x / mu) : mu;
    }
}
