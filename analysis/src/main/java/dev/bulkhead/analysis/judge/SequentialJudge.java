package dev.bulkhead.analysis.judge;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Judges canary against stable for one segment and indicator at one look, with {@link ConditionalMixtureSprt}.
 * Pure: counts and the previous state in, verdict and next state out.
 *
 * <p>Error rates. The rollout's false-rollback rate is split evenly across segments × indicators (Bonferroni:
 * the rollout fails falsely only if one of its tests does, so the sum bounds it), and each test is always valid, so
 * the bound holds however many looks the rollout takes. Each segment × indicator share is halved again: one half for
 * the segment's test, one half for the per-tenant tests of its canary tenants ({@link TenantSprt}), which fail the
 * segment when a few tenants are hurt while the segment's rate dilutes them. The false-pass rate is split across
 * indicators only: a segment passes when all of its indicators pass.
 */
public final class SequentialJudge {

    /** One interval of one segment and indicator. */
    public record Look(String segment, String indicator, double errorAllowance, ArmCounts canaryWindow,
            ArmCounts stableWindow, Instant windowStart, Instant windowEnd, boolean bakeComplete, Double baselineRate,
            Map<String, ArmCounts> canaryTenants) {

        /** A look without the canary's breakdown by tenant (the per-tenant rule sees nothing new). */
        public Look(String segment, String indicator, double errorAllowance, ArmCounts canaryWindow,
                ArmCounts stableWindow, Instant windowStart, Instant windowEnd, boolean bakeComplete, Double baselineRate) {
            this(segment, indicator, errorAllowance, canaryWindow, stableWindow, windowStart, windowEnd, bakeComplete,
                    baselineRate, Map.of());
        }

        /** A look with a concurrent stable arm (or none), and no known baseline. */
        public Look(String segment, String indicator, double errorAllowance, ArmCounts canaryWindow,
                ArmCounts stableWindow, Instant windowStart, Instant windowEnd, boolean bakeComplete) {
            this(segment, indicator, errorAllowance, canaryWindow, stableWindow, windowStart, windowEnd, bakeComplete, null,
                    Map.of());
        }

        public Look {
            Objects.requireNonNull(segment, "segment");
            Objects.requireNonNull(indicator, "indicator");
            Objects.requireNonNull(canaryWindow, "canaryWindow");
            Objects.requireNonNull(stableWindow, "stableWindow");
            // A view, not a copy: a segment of a large rollout has tens of thousands of canary tenants per look.
            canaryTenants = canaryTenants == null ? Map.of() : Collections.unmodifiableMap(canaryTenants);
        }
    }

    /** The verdict and the state to pass to the next look. */
    public record Outcome(IndicatorVerdict verdict, TestState state) {
    }

    private final JudgeConfig config;
    private final double alpha;
    private final double beta;
    private final double[] failAlternatives;
    /** Null when the config turns the tenant tests off. */
    private final TenantSprt tenants;

    /**
     * @param segments   segments judged in this rollout
     * @param indicators indicators per segment
     */
    public SequentialJudge(JudgeConfig config, int segments, int indicators) {
        this.config = Objects.requireNonNull(config, "config");
        if (segments < 1 || indicators < 1) {
            throw new IllegalArgumentException("at least one segment and one indicator are judged");
        }
        double share = config.falseRollbackRate() / (segments * (double) indicators);
        this.alpha = config.tenantTests() ? share / 2 : share;
        this.beta = config.falsePassRate() / indicators;
        this.failAlternatives = ConditionalMixtureSprt.failAlternatives(config.minRegression());
        // A tenant needs a quarter of the segment's minimum sample: enough that one or two errors of a small tenant are
        // not a rate, while a tenant at 5% against 0.1% (Wald's floor: 37 requests) is not held back for long.
        this.tenants = config.tenantTests()
                ? new TenantSprt(share / 2, config.minRegression(), Math.max(1, config.minSamples() / 4.0))
                : null;
    }

    /**
     * The false-rollback rate of one segment and indicator's own test after the split (as much again goes to its tenants,
     * unless the tenant tests are off).
     */
    public double alpha() {
        return alpha;
    }

    /** The false-pass rate of one indicator after the split. */
    public double beta() {
        return beta;
    }

    public Outcome judge(Look look, TestState previous) {
        TestState s = previous != null && previous.compatible()
                && previous.segment().equals(look.segment()) && previous.indicator().equals(look.indicator())
                ? previous : TestState.start(look.segment(), look.indicator());

        ArmCounts cw = look.canaryWindow();
        ArmCounts sw = look.stableWindow();
        List<Double> failLogLr = s.failLogLr();
        List<Double> passLogLr = s.passLogLr();
        boolean informative = cw.events() > 0 && sw.events() > 0 && cw.bad() + sw.bad() > 0;
        Double baseline = look.baselineRate();
        if (!informative && cw.events() > 0 && sw.events() == 0 && baseline != null && baseline > 0) {
            // No concurrent stable arm: judge against the segment's own stable rate from before it was exposed.
            failLogLr = ConditionalMixtureSprt.updateFailKnownBaseline(failLogLr, failAlternatives, cw.events(), cw.bad(), baseline);
            if (s.relevantRatio() != null) {
                double[] passAlternatives = ConditionalMixtureSprt.passAlternatives(s.relevantRatio());
                List<Double> base = passLogLr.isEmpty() ? ConditionalMixtureSprt.zeros(passAlternatives.length) : passLogLr;
                passLogLr = ConditionalMixtureSprt.updatePassKnownBaseline(base, passAlternatives, s.relevantRatio(),
                        cw.events(), cw.bad(), baseline);
            }
        } else if (informative) {
            double w = cw.events() / (cw.events() + sw.events());
            failLogLr = ConditionalMixtureSprt.updateFail(failLogLr, failAlternatives, w, cw.bad(), sw.bad());
            if (s.relevantRatio() != null) {
                double[] passAlternatives = ConditionalMixtureSprt.passAlternatives(s.relevantRatio());
                List<Double> base = passLogLr.isEmpty() ? ConditionalMixtureSprt.zeros(passAlternatives.length) : passLogLr;
                passLogLr = ConditionalMixtureSprt.updatePass(base, passAlternatives, s.relevantRatio(), w, cw.bad(), sw.bad());
            }
        }
        ArmCounts canary = s.canary().plus(cw);
        ArmCounts stable = s.stable().plus(sw);
        int looks = s.looks() + (cw.events() + sw.events() > 0 ? 1 : 0);
        // The relevant ratio is fixed from stable's data up to this look and used from the next look on, so it never
        // depends on the counts it is then tested against (it stays predictable, as the supermartingale argument needs).
        Double relevantRatio = s.relevantRatio();
        if (relevantRatio == null && stable.events() > 0) {
            relevantRatio = config.minRegression().relevantRatio(smoothedRate(stable));
        }
        // The per-tenant tests start once stable's rate rests on the minimum sample (a bound from a handful of events
        // would be far above the rate and only cost the tests evidence).
        TenantSprt.Result tenantLook = tenants != null && stable.events() >= config.minSamples() && cw.events() > 0
                ? tenants.look(s.tenants(), look.canaryTenants(), stable, sw, looks)
                : new TenantSprt.Result(s.tenants(), List.of());
        TestState next = new TestState(s.segment(), s.indicator(), looks, canary, stable, failLogLr, relevantRatio, passLogLr,
                tenantLook.tracked());

        double failStatistic = ConditionalMixtureSprt.logMixture(failLogLr);
        double failThreshold = Math.log(1 / alpha);
        double passStatistic = passLogLr.isEmpty() ? Double.NaN : ConditionalMixtureSprt.logMixture(passLogLr);
        double passThreshold = Math.log(1 / beta);
        double canaryRate = canary.rate();
        double stableRate = stable.rate();
        double wald = Double.NaN;
        if (stable.events() > 0) {
            double p0 = smoothedRate(stable);
            double ratio = relevantRatio == null ? config.minRegression().relevantRatio(p0) : relevantRatio;
            double p1 = Math.min(p0 * ratio, 0.999_999);
            if (p1 > p0) {
                wald = ConditionalMixtureSprt.waldExpectedSampleSize(p0, p1, alpha, beta);
            }
        }
        Evidence evidence = new Evidence(look.windowStart(), look.windowEnd(), looks, canary, stable, cw, sw, canaryRate,
                stableRate, failStatistic, failThreshold, alpha, passStatistic, passThreshold,
                relevantRatio == null ? Double.NaN : relevantRatio, wald, tenantLook.regressions());

        boolean enough = canary.events() >= config.minSamples() && stable.events() >= config.minSamples();
        boolean failCrossed = failStatistic >= failThreshold;
        boolean relevant = enough && config.minRegression().isRelevant(canaryRate, stableRate);
        String numbers = numbers(canary, stable, failStatistic, failThreshold);
        Verdict verdict;
        String reason;
        String message;
        if (enough && failCrossed && relevant) {
            verdict = Verdict.FAIL;
            reason = VerdictReasons.RELEVANT_REGRESSION;
            message = "canary is worse than stable by at least the relevant size: " + numbers;
        } else if (incident(look)) {
            verdict = Verdict.ENVIRONMENT_INCIDENT;
            reason = VerdictReasons.STABLE_DEGRADED_TOO;
            message = String.format(Locale.ROOT,
                    "stable and canary both burn at least %.1fx the error allowance in this window (stable %s, canary %s): "
                            + "an incident of the environment, not of the release",
                    config.incidentBurnRate(), pct(sw.rate()), pct(cw.rate()));
        } else if (!enough) {
            verdict = Verdict.NO_DATA;
            reason = canary.events() == 0 ? VerdictReasons.NO_CANARY_TRAFFIC : stable.events() == 0 ? VerdictReasons.NO_STABLE_TRAFFIC : VerdictReasons.BELOW_MINIMUM_SAMPLE;
            message = String.format(Locale.ROOT, "%.0f canary and %.0f stable events so far; %d per arm are needed before a verdict",
                    canary.events(), stable.events(), config.minSamples());
        } else if (!tenantLook.regressions().isEmpty()) {
            verdict = Verdict.FAIL;
            reason = VerdictReasons.TENANT_REGRESSION;
            message = tenantMessage(tenantLook.regressions(), numbers);
        } else if (relevant) {
            // Absence of evidence is not evidence of absence: when the test had too little power (a small concurrent
            // stable arm, as when a whole segment moves to canary mid-window), a canary whose own rate is relevantly
            // worse passes neither at the end of the bake nor on the pass statistic. It holds; the next looks bring the
            // evidence either way.
            verdict = Verdict.INCONCLUSIVE;
            reason = VerdictReasons.REGRESSION_NOT_YET_SIGNIFICANT;
            message = "canary's rate is worse than stable's by at least the relevant size, without enough evidence yet: "
                    + numbers;
        } else if (passStatistic >= passThreshold) {
            verdict = Verdict.PASS;
            reason = VerdictReasons.REGRESSION_BELOW_RELEVANT_SIZE;
            message = String.format(Locale.ROOT,
                    "evidence that any regression is below the relevant ratio %.2f: pass statistic %.2f >= %.2f; %s",
                    relevantRatio, passStatistic, passThreshold, numbers);
        } else if (failCrossed) {
            verdict = Verdict.INCONCLUSIVE;
            reason = VerdictReasons.SMALL_REGRESSION;
            message = "canary is worse than stable, but not yet by the relevant size: " + numbers;
        } else if (look.bakeComplete()) {
            verdict = Verdict.PASS;
            reason = VerdictReasons.NO_EVIDENCE_OF_REGRESSION;
            message = "bake complete with the minimum sample and no evidence of a regression: " + numbers;
        } else {
            verdict = Verdict.INCONCLUSIVE;
            reason = VerdictReasons.OBSERVING;
            message = "no decision yet: " + numbers;
        }
        return new Outcome(new IndicatorVerdict(look.indicator(), verdict, reason, message, evidence), next);
    }

    private static String tenantMessage(List<TenantRegression> regressions, String segmentNumbers) {
        TenantRegression top = regressions.get(0);
        String others = regressions.size() == 1 ? ""
                : " (also " + String.join(", ", regressions.subList(1, regressions.size()).stream().map(TenantRegression::tenant).toList())
                        + ")";
        return String.format(Locale.ROOT, "canary tenant %s%s is worse than the segment's stable rate by at least the relevant "
                        + "size: %s (%.0f of %.0f) against a baseline of %s (stable %s), evidence %.2f vs threshold %.2f; segment %s",
                top.tenant(), others, pct(top.canaryRate()), top.bad(), top.events(), pct(top.baselineRate()),
                pct(top.stableRate()), top.statistic(), top.threshold(), segmentNumbers);
    }

    private boolean incident(Look look) {
        double limit = config.incidentBurnRate() * look.errorAllowance();
        double c = look.canaryWindow().rate();
        double s = look.stableWindow().rate();
        return c >= limit && s >= limit;
    }

    /** Stable's rate with half an event added, so a clean stable arm still gives a finite relevant ratio. */
    public static double smoothedRate(ArmCounts arm) {
        return (arm.bad() + 0.5) / (arm.events() + 1);
    }

    private static String numbers(ArmCounts canary, ArmCounts stable, double stat, double threshold) {
        return String.format(Locale.ROOT, "canary %s (%.0f of %.0f), stable %s (%.0f of %.0f), evidence %.2f vs threshold %.2f",
                pct(canary.rate()), canary.bad(), canary.events(), pct(stable.rate()), stable.bad(), stable.events(), stat,
                threshold);
    }

    private static String pct(double rate) {
        return Double.isNaN(rate) ? "n/a" : String.format(Locale.ROOT, "%.3f%%", rate * 100);
    }
}
