package dev.bulkhead.analysis.judge;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The per-tenant rule: an always-valid test of each canary tenant against <em>its own</em> normal rate, so that a
 * regression confined to a few tenants fails the segment even when the segment's rate dilutes it, and a tenant whose
 * normal rate is high is not mistaken for a regression. {@link dev.bulkhead.analysis.culprit.CulpritFinder}'s exact
 * test ranks tenants once a segment fails; it is fixed-sample, so repeating it at every look would not bound the
 * false-rollback rate. This test may be looked at every interval.
 *
 * <h2>Test: the tenant against the control tenants, each held to its history</h2>
 * In a look, the tenant's bad events {@code x} and the control tenants' {@code x_s} (stable tenants, see
 * {@link SequentialJudge}) are Poisson with means {@code r·γ·a} and {@code γ·b}: {@code a} and {@code b} are the bad
 * events their own normal rates (from the history before the rollout) predict for the events they served in the look,
 * {@code γ} is what changed for everybody since the history (time of day, an incident), {@code r} the release's
 * effect. Given {@code x + x_s}, {@code x} is binomial with {@code q = r·a/(r·a + b)}: {@code γ} cancels. With
 * {@code a⁺ ≥ a} and {@code b⁻ ≤ b} (confidence bounds of the histories, {@link WeightedPoissonBound}),
 * {@code q₀ = a⁺/(a⁺ + b⁻)} is at least the true {@code q} whenever {@code r ≤ 1}, so the ratio of
 * {@link ConditionalMixtureSprt#updateFail} at {@code w = q₀} has conditional expectation at most 1 and the mixture over
 * the alternatives is a supermartingale: Ville's inequality bounds the chance it ever crosses {@code 1/α}. Without any
 * control traffic in a look (every tenant is on the canary), the tenant is held to {@code a⁺} alone
 * ({@link ConditionalMixtureSprt#updateFailKnownBaseline}), which assumes nothing changed since the history.
 *
 * <h2>Tenants without enough history</h2>
 * A tenant with fewer than {@link TenantHistory#MIN_EVENTS} history events (a new customer, one whose traffic grew
 * many times) is held to the segment's highest normal rate among the tenants with history (with one bad event added to
 * each): a conservative bound, never a free pass (a tenant that fails at several times the worst normal rate still
 * fails), and never a claim about that tenant's own normal rate.
 *
 * <h2>Slots and error split</h2>
 * At most {@link #MAX_TRACKED} tenants are tested per segment and indicator. A free slot goes to the canary tenant
 * with the largest history (then by name) among those that served traffic in the look: the order uses no bad-event
 * count, so which tenant holds a slot is independent of the errors it is tested on and each slot is a
 * supermartingale from 1. The family of one segment and indicator gets {@code familyAlpha}: an eighth to the control's
 * lower bound (time-uniform by spending {@code δ/(k(k+1))} at the k-th look, as the control's tenants and weights change
 * from look to look), an eighth to the tenants' normal rates (split over the slots; one Poisson upper bound of each
 * tenant's history rate, valid for every look at once), three quarters to the slots' tests (split evenly).
 *
 * <h2>Relevance</h2>
 * A crossed test fails only when the tenant has at least {@code minEvents} canary events and its rate is relevantly
 * worse ({@link MinRegression}) than its own normal rate times the control's change since the history.
 */
public final class TenantSprt {

    /** Tenants tested per segment and indicator: 32 × (6 + 4) numbers keep a test's state to a few KB of JSON. */
    public static final int MAX_TRACKED = 32;

    /**
     * The tracked tenants after a look, those that fail, and those whose rate is relevantly worse than their own normal
     * rate on at least the minimum sample, with a test half-way to its boundary (they hold a pass back).
     */
    public record Result(List<TenantTest> tracked, List<TenantRegression> regressions, List<String> suspects) {

        public Result(List<TenantTest> tracked, List<TenantRegression> regressions) {
            this(tracked, regressions, List.of());
        }
    }

    /**
     * What the tenant tests need of the look beyond the tenants' own counts.
     *
     * @param history          the tenants' history, or null when there is none (then every tenant is held to
     *                         {@code legacyRate} with a known-baseline test)
     * @param controlLower     lower bound of the control's predicted bad events in the look, at {@link #controlDelta}
     * @param controlBad       the control's bad events in the look
     * @param hasControl       whether any control tenant served traffic in the look
     * @param conservativeRate the rate tenants without enough history are held to (NaN: they are not tested)
     * @param legacyRate       the baseline rate without history (an upper bound of the control's rate)
     * @param timeEffect       the control's observed bad events over those its history predicts, so far (1 when unknown)
     * @param controlRate      the control's rate so far (for the report)
     * @param look             the number of this look (1, 2, ...)
     */
    public record Context(TenantHistory history, double controlLower, double controlBad, boolean hasControl,
            double conservativeRate, double legacyRate, double timeEffect, double controlRate, int look) {
    }

    private final double boundDelta;
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
        this.boundDelta = familyAlpha / 8;
        this.slotAlpha = familyAlpha * 3 / 4 / MAX_TRACKED;
        this.alternatives = ConditionalMixtureSprt.tenantAlternatives(minRegression);
        this.minRegression = minRegression;
        this.minEvents = minEvents;
    }

    /** {@code log(1/α)} of one tenant's test. */
    public double threshold() {
        return Math.log(1 / slotAlpha);
    }

    /** The level the caller spends on the control's lower bound ({@code δ}, before the per-look spending). */
    public double controlDelta() {
        return boundDelta;
    }

    /**
     * Adds one look.
     *
     * @param tracked       the tenants tracked so far
     * @param canaryTenants this look's canary counts per tenant of the segment
     */
    public Result look(List<TenantTest> tracked, Map<String, ArmCounts> canaryTenants, Context ctx) {
        Map<String, TenantTest> next = new LinkedHashMap<>();
        tracked.forEach(t -> next.put(t.tenant(), t));
        TenantHistory history = ctx.history();
        List<String> starting = canaryTenants.entrySet().stream()
                .filter(e -> e.getValue().events() > 0 && !next.containsKey(e.getKey()))
                .map(Map.Entry::getKey)
                .sorted(Comparator.comparingDouble((String t) -> historyEvents(history, t)).reversed()
                        .thenComparing(Comparator.naturalOrder()))
                .toList();
        for (String tenant : starting) {
            if (next.size() >= MAX_TRACKED) {
                break;
            }
            next.put(tenant, new TenantTest(tenant, 0, 0, 0, true, ConditionalMixtureSprt.zeros(alternatives.length)));
        }
        // A tenant's normal rate is bounded once, from its history alone, for every look at once (its prediction in a look
        // is that rate times its events), so the bound spends nothing per look.
        double slotDelta = boundDelta / MAX_TRACKED;
        for (TenantTest t : List.copyOf(next.values())) {
            ArmCounts w = canaryTenants.get(t.tenant());
            if (w == null || w.events() <= 0) {
                continue;
            }
            next.put(t.tenant(), add(t, w, ctx, slotDelta));
        }
        List<TenantRegression> regressions = new ArrayList<>();
        List<String> suspects = new ArrayList<>();
        double threshold = threshold();
        for (TenantTest t : next.values()) {
            if (t.events() <= 0) {
                continue;
            }
            double statistic = ConditionalMixtureSprt.logMixture(t.failLogLr());
            double expected = history == null ? t.predicted() / t.events() : t.predicted() * ctx.timeEffect() / t.events();
            double rate = t.bad() / t.events();
            boolean relevant = t.events() >= minEvents && minRegression.isRelevant(rate, expected);
            if (relevant && statistic >= threshold) {
                regressions.add(new TenantRegression(t.tenant(), t.events(), t.bad(), rate, expected, ctx.controlRate(),
                        statistic, threshold));
            } else if (relevant && statistic >= threshold / 2) {
                // Half-way to its fail boundary (a likelihood ratio of at least √(1/α)): on its way, not yet evidence.
                suspects.add(t.tenant());
            }
        }
        regressions.sort(Comparator.comparingDouble(TenantRegression::statistic).reversed()
                .thenComparing(TenantRegression::tenant));
        return new Result(List.copyOf(next.values()), regressions, suspects);
    }

    private TenantTest add(TenantTest t, ArmCounts w, Context ctx, double slotDelta) {
        List<Double> logLr = t.failLogLr().size() == alternatives.length ? t.failLogLr()
                : ConditionalMixtureSprt.zeros(alternatives.length);
        if (ctx.history() == null) {
            double mu = w.events() * ctx.legacyRate();
            if (!(mu > 0) || Double.isInfinite(mu)) {
                return t;
            }
            logLr = ConditionalMixtureSprt.updateFailKnownBaseline(logLr, alternatives, 1, w.bad(), mu);
            return new TenantTest(t.tenant(), t.events() + w.events(), t.bad() + w.bad(), t.predicted() + mu, false, logLr);
        }
        ArmCounts h = ctx.history().usable(t.tenant(), w.events());
        double point;
        double upper;
        if (h != null) {
            point = w.events() * h.bad() / h.events();
            upper = w.events() * upperRate(h, slotDelta);
        } else if (Double.isFinite(ctx.conservativeRate()) && ctx.conservativeRate() > 0) {
            point = w.events() * ctx.conservativeRate();
            upper = point;
        } else {
            return t; // nothing to hold this tenant to: only the segment's test judges it
        }
        if (ctx.hasControl()) {
            if (!(ctx.controlLower() > 0)) {
                return t; // the control's history predicts no bad events at all: no split to test
            }
            double q0 = upper / (upper + ctx.controlLower());
            logLr = ConditionalMixtureSprt.updateFail(logLr, alternatives, q0, w.bad(), ctx.controlBad());
        } else {
            logLr = ConditionalMixtureSprt.updateFailKnownBaseline(logLr, alternatives, 1, w.bad(), upper);
        }
        return new TenantTest(t.tenant(), t.events() + w.events(), t.bad() + w.bad(), t.predicted() + point, h != null, logLr);
    }

    private static double historyEvents(TenantHistory history, String tenant) {
        if (history == null) {
            return 0;
        }
        ArmCounts h = history.tenants().get(tenant);
        return h == null ? 0 : h.events();
    }

    /** The log mixture likelihood ratio of one tenant's test. */
    public double logStatistic(TenantTest t) {
        return ConditionalMixtureSprt.logMixture(t.failLogLr());
    }

    /**
     * An upper confidence bound of an arm's bad-event rate at level {@code 1 − delta}: the largest {@code μ/n} whose
     * Chernoff bound on {@code P(X ≤ x)} is at least {@code delta}, i.e. the root above {@code x} of
     * {@code μ − x − x·log(μ/x) = log(1/delta)} (as in KL-UCB, Garivier and Cappé 2011). Infinite without events.
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
