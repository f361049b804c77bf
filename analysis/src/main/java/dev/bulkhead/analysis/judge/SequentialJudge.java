package dev.bulkhead.analysis.judge;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Judges one segment's canary tenants for one indicator at one look. Pure: counts and the previous state in, verdict
 * and next state out.
 *
 * <h2>Each canary tenant against its own history (difference-in-differences, stratified by tenant)</h2>
 * Tenant-sticky exposure makes the canary arm and the stable arm different tenants, and tenants' normal error rates
 * differ, so "canary rate against stable rate" mixes the release's effect with who happened to be exposed. Every
 * canary tenant served on stable before the rollout, so the judge predicts each tenant's bad events in a look from its
 * own normal rate ({@link TenantHistory}): the canary tenants' prediction {@code a} and the control tenants' (the
 * segment's stable tenants, or every other segment's when the segment has none left) {@code b}. In a look the canary's
 * bad events {@code x_c} and the control's {@code x_s} are Poisson with means {@code r·γ·a} and {@code γ·b}, where
 * {@code γ} is what changed for everybody since the history and {@code r} the release's effect; given
 * {@code x_c + x_s} the split is binomial with {@code q = r·a/(r·a + b)}, so {@code γ} cancels (time of day, an
 * incident), and each tenant's normal rate enters only through its own history. The test is
 * {@link ConditionalMixtureSprt} at {@code w = a/(a + b)}: a mixture SPRT, always valid (the segment may be looked at
 * every interval and stopped at any time).
 *
 * <h2>Histories are estimates: bounds, paid from α and β</h2>
 * {@code a} and {@code b} come from finite histories. The fail boundary uses {@code w⁺ = a⁺/(a⁺ + b⁻)} from an upper
 * bound of the canary's prediction and a lower bound of the control's ({@link WeightedPoissonBound}), so that when the
 * bounds hold, {@code r ≤ 1} gives a true share at most {@code w⁺} and the ratio stays a supermartingale; the pass
 * boundary uses the opposite bounds. Each bound is time-uniform by spending {@code δ/(k(k+1))} at the k-th look, and its
 * level is taken from the error rate it protects: P(false rollback) ≤ α_test + δ.
 *
 * <h2>Without a control, and without history</h2>
 * When no control tenant served traffic in a look, the canary is held to {@code a⁺} alone (the known-baseline form),
 * which assumes nothing changed since the history. Tenants without a usable history are left out of this test (their
 * own tests hold them to a conservative bound, {@link TenantSprt}). A look without any {@link TenantHistory} (a metric
 * source that cannot give one) falls back to comparing the canary tenants with the control tenants directly, which is
 * right only when tenants are alike; the verdict says so.
 *
 * <h2>Error rates</h2>
 * The rollout's false-rollback rate is split evenly across segments × every indicator of every SLO of the rollout
 * (Bonferroni: the rollout fails falsely only if one of its tests does). Each share is halved between the segment's
 * test and the per-tenant tests of its canary tenants ({@link TenantSprt}) unless those are off; a quarter of the
 * segment test's half pays for its history bounds. The false-pass rate is split across indicators: half to the pass
 * (futility) boundary (a quarter of that for its bounds), half to the power check.
 *
 * <h2>A pass needs evidence</h2>
 * A segment passes only when the pass boundary is crossed (evidence that any regression is below the relevant size)
 * or when the power check crosses: an always-valid one-sample test that the canary's own rate is below the relevant
 * level of its tenants' normal rate (the test has seen enough to have caught a relevant regression). The end of a bake is never a reason to pass: it is
 * a minimum duration, enforced by the engine.
 */
public final class SequentialJudge {

    /**
     * The power check's alternatives, as fractions of the relevant level: a mixture over rates from a tenth of the level
     * up to just below it.
     */
    static final double[] POWER_FRACTIONS = {0.1, 0.25, 0.4, 0.55, 0.7, 0.85};

    /** Bad events each arm needs in a window before both degrading together counts as an environment incident. */
    public static final double INCIDENT_MIN_BAD = 5;

    /** The key of an aggregate look's canary counts (not a tenant). */
    public static final String ALL_CANARY = "*canary";
    /** The key of an aggregate look's stable counts (not a tenant). */
    public static final String ALL_STABLE = "*stable";

    /** One interval of one segment and indicator. */
    public record Look(String segment, String indicator, double errorAllowance, Map<String, ArmCounts> canaryTenants,
            Map<String, ArmCounts> controlTenants, Instant windowStart, Instant windowEnd, boolean bakeComplete,
            TenantHistory history, String controlSource) {

        public Look {
            Objects.requireNonNull(segment, "segment");
            Objects.requireNonNull(indicator, "indicator");
            // Views, not copies: a segment of a large rollout has tens of thousands of tenants per look.
            canaryTenants = canaryTenants == null ? Map.of() : Collections.unmodifiableMap(canaryTenants);
            controlTenants = controlTenants == null ? Map.of() : Collections.unmodifiableMap(controlTenants);
        }

        /**
         * A look from aggregate counts, without tenants or history: the canary and stable arms are compared directly,
         * which assumes the tenants are alike.
         */
        public Look(String segment, String indicator, double errorAllowance, ArmCounts canaryWindow,
                ArmCounts stableWindow, Instant windowStart, Instant windowEnd, boolean bakeComplete) {
            this(segment, indicator, errorAllowance, Map.of(ALL_CANARY, canaryWindow), Map.of(ALL_STABLE, stableWindow),
                    windowStart, windowEnd, bakeComplete, null, null);
        }

        /** Whether the look has only aggregate counts (no tenant's own), so no tenant can be tested on its own. */
        public boolean aggregate() {
            return canaryTenants.containsKey(ALL_CANARY);
        }

        /** The canary tenants' counts in this look, summed. */
        public ArmCounts canaryWindow() {
            return sum(canaryTenants);
        }

        /** The control tenants' counts in this look, summed. */
        public ArmCounts stableWindow() {
            return sum(controlTenants);
        }

        private static ArmCounts sum(Map<String, ArmCounts> m) {
            double e = 0;
            double b = 0;
            for (ArmCounts a : m.values()) {
                e += a.events();
                b += a.bad();
            }
            return new ArmCounts(e, b);
        }
    }

    /** The verdict and the state to pass to the next look. */
    public record Outcome(IndicatorVerdict verdict, TestState state) {
    }

    private final JudgeConfig config;
    private final double alpha;
    private final double failBoundDelta;
    private final double beta;
    private final double passBoundDelta;
    private final double powerDelta;
    private final double[] failAlternatives;
    /** Null when the config turns the tenant tests off. */
    private final TenantSprt tenants;

    /**
     * @param segments   segments of the rollout's segmentation
     * @param indicators indicators judged per segment, over every SLO of the rollout
     */
    public SequentialJudge(JudgeConfig config, int segments, int indicators) {
        this.config = Objects.requireNonNull(config, "config");
        if (segments < 1 || indicators < 1) {
            throw new IllegalArgumentException("at least one segment and one indicator are judged");
        }
        double share = config.falseRollbackRate() / (segments * (double) indicators);
        double segmentShare = config.tenantTests() ? share / 2 : share;
        this.alpha = segmentShare * 3 / 4;
        this.failBoundDelta = segmentShare / 4;
        double passShare = config.falsePassRate() / indicators;
        this.beta = passShare / 2 * 3 / 4;
        this.passBoundDelta = passShare / 2 / 4;
        this.powerDelta = passShare / 2;
        this.failAlternatives = ConditionalMixtureSprt.failAlternatives(config.minRegression());
        // A tenant needs a quarter of the segment's minimum sample: enough that one or two errors of a small tenant are
        // not a rate, while a tenant at 5% against 0.1% (Wald's floor: 37 requests) is not held back for long.
        this.tenants = config.tenantTests()
                ? new TenantSprt(share / 2, config.minRegression(), Math.max(1, config.minSamples() / 4.0))
                : null;
    }

    /** The false-rollback rate of one segment and indicator's own test, after the split and its bounds' share. */
    public double alpha() {
        return alpha;
    }

    /** The false-pass rate of one indicator's pass boundary, after the split. */
    public double beta() {
        return beta;
    }

    public Outcome judge(Look look, TestState previous) {
        TestState s = previous != null && previous.compatible()
                && previous.segment().equals(look.segment()) && previous.indicator().equals(look.indicator())
                ? previous : TestState.start(look.segment(), look.indicator());
        TenantHistory history = look.history();
        Arms arms = history == null ? Arms.direct(look) : Arms.fromHistory(look, history);
        if (history != null && arms.controlPrediction.withHistory() == 0
                && (arms.canaryPrediction.withHistory() == 0 || arms.controlPrediction.withoutHistory() > 0)) {
            // No control tenant has a usable history (a new service, a history window Prometheus no longer keeps) while
            // there is a control, or nobody has one: the look compares the tenants directly, and its verdict says so.
            history = null;
            arms = Arms.direct(look);
        }
        ArmCounts cw = arms.canary;
        ArmCounts sw = arms.control;
        int looks = s.looks() + (cw.events() + sw.events() > 0 ? 1 : 0);
        int canaryLooks = s.canaryLooks() + (cw.events() > 0 ? 1 : 0);
        // Bounds and the power check spend their level over the looks that judge canary events only.
        int k = Math.max(1, canaryLooks);

        Double relevantRatio = s.relevantRatio();
        if (relevantRatio == null) {
            // From a long window before the rollout when there is one (fixed by history and traffic only, so usable at
            // once); else from stable's data up to the previous look (so it never depends on the counts it judges).
            if (history != null && cw.events() > 0) {
                relevantRatio = config.minRegression().relevantRatio((arms.canaryPrediction.predictedBad() + 0.5) / (cw.events() + 1));
            }
        }
        List<Double> failLogLr = s.failLogLr();
        List<Double> passLogLr = s.passLogLr();
        double canaryLowerAdded = 0;
        if (cw.events() > 0) {
            double[] passAlternatives = relevantRatio == null ? null : ConditionalMixtureSprt.passAlternatives(relevantRatio);
            List<Double> passBase = passAlternatives == null ? null
                    : passLogLr.isEmpty() ? ConditionalMixtureSprt.zeros(passAlternatives.length) : passLogLr;
            if (history == null) {
                if (sw.events() > 0 && cw.bad() + sw.bad() > 0) {
                    double w = cw.events() / (cw.events() + sw.events());
                    failLogLr = ConditionalMixtureSprt.updateFail(failLogLr, failAlternatives, w, cw.bad(), sw.bad());
                    if (passBase != null) {
                        passLogLr = ConditionalMixtureSprt.updatePass(passBase, passAlternatives, relevantRatio, w, cw.bad(), sw.bad());
                    }
                }
            } else {
                double failL = Math.log(2 * k * (k + 1.0) / failBoundDelta);
                double passL = Math.log(2 * k * (k + 1.0) / passBoundDelta);
                double aUpper = arms.canaryPrediction.upper(failL);
                double aLower = arms.canaryPrediction.lower(passL);
                canaryLowerAdded = aLower;
                if (sw.events() > 0) {
                    double bLower = arms.controlPrediction.lower(failL);
                    double bUpper = arms.controlPrediction.upper(passL);
                    if (bLower > 0 && aUpper > 0) {
                        double w = aUpper / (aUpper + bLower);
                        failLogLr = ConditionalMixtureSprt.updateFail(failLogLr, failAlternatives, w, cw.bad(), sw.bad());
                    }
                    if (passBase != null && aLower > 0) {
                        double w = aLower / (aLower + bUpper);
                        passLogLr = ConditionalMixtureSprt.updatePass(passBase, passAlternatives, relevantRatio, w, cw.bad(), sw.bad());
                    }
                } else {
                    if (aUpper > 0) {
                        failLogLr = ConditionalMixtureSprt.updateFailKnownBaseline(failLogLr, failAlternatives, 1, cw.bad(), aUpper);
                    }
                    if (passBase != null && aLower > 0) {
                        passLogLr = ConditionalMixtureSprt.updatePassKnownBaseline(passBase, passAlternatives, relevantRatio, 1,
                                cw.bad(), aLower);
                    }
                }
            }
        }
        ArmCounts canary = s.canary().plus(cw);
        ArmCounts stable = s.stable().plus(sw);
        // The power check: a one-sample always-valid test of H0'' "the canary's rate is at least the relevant level of
        // its tenants' normal rate" (the level from the lower bound of their histories' prediction for this look's
        // events, or stable's rate without history: fixed before this look's canary counts). With x ~ Poisson(n·p),
        // x·log f − n·level·(f − 1) has expectation at most 0 in exp whenever p ≥ level and f < 1.
        List<Double> powerLogLr = s.powerLogLr();
        if (cw.events() > 0) {
            double base = history == null ? stable.rate() : canaryLowerAdded / cw.events();
            double level = Double.isNaN(base) ? Double.NaN : config.minRegression().relevantLevel(base);
            if (level > 0) {
                List<Double> next = new java.util.ArrayList<>(POWER_FRACTIONS.length);
                for (int j = 0; j < POWER_FRACTIONS.length; j++) {
                    double f = POWER_FRACTIONS[j];
                    double prior = powerLogLr.isEmpty() ? 0 : powerLogLr.get(j);
                    next.add(prior + cw.bad() * Math.log(f) - cw.events() * level * (f - 1));
                }
                powerLogLr = next;
            }
        }
        double canaryPredicted = s.canaryPredicted() + arms.canaryPrediction.predictedBad();
        double canaryLower = s.canaryLower() + canaryLowerAdded;
        double controlPredicted = s.controlPredicted() + arms.controlPrediction.predictedBad();
        if (relevantRatio == null && history == null && stable.events() > 0) {
            relevantRatio = config.minRegression().relevantRatio(smoothedRate(stable));
        }
        // What changed for everybody since the history, from the control so far (smoothed so that a clean control does
        // not predict zero), and the canary's expected rate under it: the relevance gate's reference.
        double timeEffect = controlPredicted > 0 && stable.events() > 0 ? (stable.bad() + 0.5) / (controlPredicted + 0.5) : 1;
        double expectedRate = history == null ? stable.rate()
                : canary.events() > 0 ? canaryPredicted * timeEffect / canary.events() : Double.NaN;

        TenantSprt.Result tenantLook = new TenantSprt.Result(s.tenants(), List.of());
        if (tenants != null && !look.aggregate() && cw.events() > 0 && (history != null || stable.events() >= config.minSamples())) {
            tenantLook = tenants.look(s.tenants(), look.canaryTenants(), tenantContext(look, history, arms, stable, timeEffect, k));
        }
        TestState next = new TestState(s.segment(), s.indicator(), looks, canary, stable, failLogLr, relevantRatio, passLogLr,
                tenantLook.tracked(), canaryPredicted, canaryLower, controlPredicted, canaryLooks, powerLogLr);

        double failStatistic = ConditionalMixtureSprt.logMixture(failLogLr);
        double failThreshold = Math.log(1 / alpha);
        double passStatistic = passLogLr.isEmpty() ? Double.NaN : ConditionalMixtureSprt.logMixture(passLogLr);
        double passThreshold = Math.log(1 / beta);
        double canaryRate = canary.rate();
        double wald = Double.NaN;
        if (expectedRate > 0 && relevantRatio != null) {
            double p1 = Math.min(expectedRate * relevantRatio, 0.999_999);
            if (p1 > expectedRate) {
                wald = ConditionalMixtureSprt.waldExpectedSampleSize(expectedRate, p1, alpha, beta);
            }
        }
        String baseline = arms.describe(look);
        Evidence evidence = new Evidence(look.windowStart(), look.windowEnd(), looks, canary, stable, cw, sw, canaryRate,
                stable.rate(), failStatistic, failThreshold, alpha, passStatistic, passThreshold,
                relevantRatio == null ? Double.NaN : relevantRatio, wald, tenantLook.regressions(), expectedRate, baseline);

        boolean controlled = history != null || stable.events() >= config.minSamples();
        boolean enough = canary.events() >= config.minSamples() && controlled;
        boolean failCrossed = failStatistic >= failThreshold;
        boolean relevant = enough && config.minRegression().isRelevant(canaryRate, expectedRate);
        String numbers = numbers(canary, stable, expectedRate, failStatistic, failThreshold);
        Verdict verdict;
        String reason;
        String message;
        if (enough && failCrossed && relevant) {
            verdict = Verdict.FAIL;
            reason = VerdictReasons.RELEVANT_REGRESSION;
            message = "canary is worse than its tenants' normal rate by at least the relevant size: " + numbers;
        } else if (incident(look.errorAllowance(), cw, sw)) {
            verdict = Verdict.ENVIRONMENT_INCIDENT;
            reason = VerdictReasons.STABLE_DEGRADED_TOO;
            message = String.format(Locale.ROOT,
                    "stable and canary both burn at least %.1fx the error allowance in this window (stable %s, canary %s): "
                            + "an incident of the environment, not of the release",
                    config.incidentBurnRate(), pct(sw.rate()), pct(cw.rate()));
        } else if (!enough) {
            verdict = Verdict.NO_DATA;
            reason = canary.events() == 0 ? VerdictReasons.NO_CANARY_TRAFFIC : !controlled ? VerdictReasons.NO_STABLE_TRAFFIC
                    : VerdictReasons.BELOW_MINIMUM_SAMPLE;
            message = String.format(Locale.ROOT, "%.0f canary and %.0f stable events so far; %d canary events are needed "
                    + "before a verdict", canary.events(), stable.events(), config.minSamples());
        } else if (!tenantLook.regressions().isEmpty()) {
            verdict = Verdict.FAIL;
            reason = VerdictReasons.TENANT_REGRESSION;
            message = tenantMessage(tenantLook.regressions(), numbers);
        } else if (!tenantLook.suspects().isEmpty()) {
            // The same rule for a tenant: one that looks relevantly worse than its own normal rate holds a pass back.
            verdict = Verdict.INCONCLUSIVE;
            reason = VerdictReasons.REGRESSION_NOT_YET_SIGNIFICANT;
            message = "canary tenant " + String.join(", ", tenantLook.suspects()) + " looks worse than its own normal rate "
                    + "by at least the relevant size, without enough evidence yet: " + numbers;
        } else if (relevant) {
            // Absence of evidence is not evidence of absence: a canary whose own rate is relevantly worse passes neither
            // on the pass statistic nor on power. It holds; the next looks bring the evidence either way.
            verdict = Verdict.INCONCLUSIVE;
            reason = VerdictReasons.REGRESSION_NOT_YET_SIGNIFICANT;
            message = "canary's rate is worse than its tenants' normal rate by at least the relevant size, without enough "
                    + "evidence yet: " + numbers;
        } else if (passStatistic >= passThreshold) {
            verdict = Verdict.PASS;
            reason = VerdictReasons.REGRESSION_BELOW_RELEVANT_SIZE;
            message = String.format(Locale.ROOT,
                    "evidence that any regression is below the relevant ratio %.2f: pass statistic %.2f >= %.2f; %s",
                    relevantRatio, passStatistic, passThreshold, numbers);
        } else if (failCrossed) {
            verdict = Verdict.INCONCLUSIVE;
            reason = VerdictReasons.SMALL_REGRESSION;
            message = "canary is worse than its tenants' normal rate, but not yet by the relevant size: " + numbers;
        } else if (!powerLogLr.isEmpty() && ConditionalMixtureSprt.logMixture(powerLogLr) >= Math.log(1 / powerDelta)) {
            verdict = Verdict.PASS;
            reason = VerdictReasons.RELEVANT_REGRESSION_EXCLUDED;
            message = String.format(Locale.ROOT, "evidence that the canary's rate is below the relevant level of its tenants' "
                    + "normal rate: power statistic %.2f >= %.2f; %s", ConditionalMixtureSprt.logMixture(powerLogLr),
                    Math.log(1 / powerDelta), numbers);
        } else {
            verdict = Verdict.INCONCLUSIVE;
            reason = VerdictReasons.OBSERVING;
            message = (look.bakeComplete() ? "bake complete, but no evidence either way yet (a pass needs the pass statistic"
                    + " or a bound of the canary's rate below the relevant level): " : "no decision yet: ") + numbers;
        }
        message = message + "; " + baseline;
        return new Outcome(new IndicatorVerdict(look.indicator(), verdict, reason, message, evidence), next);
    }

    private TenantSprt.Context tenantContext(Look look, TenantHistory history, Arms arms, ArmCounts stable, double timeEffect,
            int k) {
        ArmCounts sw = arms.control;
        if (history == null) {
            double p0 = TenantSprt.upperRate(stable, tenants.controlDelta() / (k * (k + 1.0)));
            if (sw.events() > 0) {
                p0 = Math.max(p0, sw.rate());
            }
            return new TenantSprt.Context(null, 0, sw.bad(), sw.events() > 0, Double.NaN, p0, 1, stable.rate(), k);
        }
        double controlLower = sw.events() > 0
                ? arms.controlPrediction.lower(Math.log(k * (k + 1.0) / tenants.controlDelta())) : 0;
        return new TenantSprt.Context(history, controlLower, sw.bad(), sw.events() > 0,
                conservativeRate(history, look), Double.NaN, timeEffect, stable.rate(), k);
    }

    /**
     * The rate tenants without enough history are held to: the highest normal rate among the segment's tenants with a
     * usable history, each with one bad event added (so a clean history does not give zero). NaN when none has one.
     */
    static double conservativeRate(TenantHistory history, Look look) {
        double max = Double.NaN;
        for (Map<String, ArmCounts> group : List.of(look.canaryTenants(), look.controlTenants())) {
            for (String tenant : group.keySet()) {
                ArmCounts h = history.tenants().get(tenant);
                if (h != null && h.events() >= TenantHistory.MIN_EVENTS) {
                    double rate = (h.bad() + 1) / h.events();
                    max = Double.isNaN(max) ? rate : Math.max(max, rate);
                }
            }
        }
        return max;
    }

    /** The arms of one look as the segment's test sees them. */
    private static final class Arms {
        final ArmCounts canary;
        final ArmCounts control;
        final HistoryPrediction canaryPrediction;
        final HistoryPrediction controlPrediction;

        private Arms(ArmCounts canary, ArmCounts control, HistoryPrediction canaryPrediction, HistoryPrediction controlPrediction) {
            this.canary = canary;
            this.control = control;
            this.canaryPrediction = canaryPrediction;
            this.controlPrediction = controlPrediction;
        }

        static Arms direct(Look look) {
            return new Arms(look.canaryWindow(), look.stableWindow(), HistoryPrediction.NONE, HistoryPrediction.NONE);
        }

        static Arms fromHistory(Look look, TenantHistory history) {
            // Canary tenants without enough history are predicted at the segment's highest normal rate (conservative:
            // it over-predicts their errors); control tenants without it are left out (the control must not over-predict).
            HistoryPrediction c = HistoryPrediction.of(look.canaryTenants(), history, conservativeRate(history, look));
            HistoryPrediction s = HistoryPrediction.of(look.controlTenants(), history);
            return new Arms(c.observed(), s.observed(), c, s);
        }

        String describe(Look look) {
            String control = look.controlSource() == null ? "the segment's stable tenants" : look.controlSource();
            if (canaryPrediction == HistoryPrediction.NONE) {
                return "judged against " + control + " directly (no tenant history: assumes tenants are alike)";
            }
            String without = canaryPrediction.withoutHistory() == 0 ? ""
                    : String.format(Locale.ROOT, "; %d canary tenants without enough history (%.0f events) are held to the "
                            + "segment's highest normal rate", canaryPrediction.withoutHistory(),
                            canaryPrediction.observedWithout().events());
            return String.format(Locale.ROOT, "in this look %d canary tenants judged against their own history, with %d of %s "
                    + "as the control for time%s", canaryPrediction.withHistory(), controlPrediction.withHistory(), control, without);
        }
    }

    private static String tenantMessage(List<TenantRegression> regressions, String segmentNumbers) {
        TenantRegression top = regressions.get(0);
        String others = regressions.size() == 1 ? ""
                : " (also " + String.join(", ", regressions.subList(1, regressions.size()).stream().map(TenantRegression::tenant).toList())
                        + ")";
        return String.format(Locale.ROOT, "canary tenant %s%s is worse than its own normal rate by at least the relevant "
                        + "size: %s (%.0f of %.0f) against an expected %s (control %s), evidence %.2f vs threshold %.2f; segment %s",
                top.tenant(), others, pct(top.canaryRate()), top.bad(), top.events(), pct(top.baselineRate()),
                pct(top.stableRate()), top.statistic(), top.threshold(), segmentNumbers);
    }

    /** Both arms burn the incident rate in this window, each with enough bad events that the rate is not one error. */
    private boolean incident(double errorAllowance, ArmCounts cw, ArmCounts sw) {
        double limit = config.incidentBurnRate() * errorAllowance;
        return cw.bad() >= INCIDENT_MIN_BAD && sw.bad() >= INCIDENT_MIN_BAD && cw.rate() >= limit && sw.rate() >= limit;
    }

    /** Stable's rate with half an event added, so a clean stable arm still gives a finite relevant ratio. */
    public static double smoothedRate(ArmCounts arm) {
        return (arm.bad() + 0.5) / (arm.events() + 1);
    }

    private static String numbers(ArmCounts canary, ArmCounts stable, double expected, double stat, double threshold) {
        return String.format(Locale.ROOT, "canary %s (%.0f of %.0f) against an expected %s, control %s (%.0f of %.0f), "
                        + "evidence %.2f vs threshold %.2f", pct(canary.rate()), canary.bad(), canary.events(), pct(expected),
                pct(stable.rate()), stable.bad(), stable.events(), stat, threshold);
    }

    private static String pct(double rate) {
        return Double.isNaN(rate) ? "n/a" : String.format(Locale.ROOT, "%.3f%%", rate * 100);
    }
}
