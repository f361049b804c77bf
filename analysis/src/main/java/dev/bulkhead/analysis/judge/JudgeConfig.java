package dev.bulkhead.analysis.judge;

import java.time.Duration;
import java.util.Objects;

/**
 * How strict the canary judge is.
 *
 * @param falseRollbackRate probability, for the whole rollout, of failing a canary that is no worse than stable;
 *                          split evenly (Bonferroni) across segments × indicators
 * @param falsePassRate     probability, per segment, of passing early (by the futility boundary) a canary whose
 *                          regression is relevant; split across indicators
 * @param minSamples        events per arm per segment before any verdict other than no-data
 * @param minRegression     the smallest regression worth rolling back
 * @param incidentBurnRate  burn rate (of the indicator's error allowance) that both arms must exceed in the same
 *                          window for an environment incident
 * @param maxStaleness      newest raw sample older than this (relative to the evaluation time) is stale data
 * @param culpritFamilyRate family-wise error rate of the culprit-tenant tests (Holm over the segment's tenants)
 * @param tenantTests       whether each canary tenant also has its own test ({@link TenantSprt}), which takes half of
 *                          each segment × indicator share of the false-rollback rate; off, the segment's test has it all
 */
public record JudgeConfig(double falseRollbackRate, double falsePassRate, long minSamples, MinRegression minRegression,
        double incidentBurnRate, Duration maxStaleness, double culpritFamilyRate, boolean tenantTests) {

    public JudgeConfig {
        requireProbability(falseRollbackRate, "falseRollbackRate");
        requireProbability(falsePassRate, "falsePassRate");
        requireProbability(culpritFamilyRate, "culpritFamilyRate");
        if (minSamples < 1) {
            throw new IllegalArgumentException("minSamples must be at least 1, got " + minSamples);
        }
        Objects.requireNonNull(minRegression, "minRegression");
        if (!(incidentBurnRate > 0)) {
            throw new IllegalArgumentException("incidentBurnRate must be positive, got " + incidentBurnRate);
        }
        Objects.requireNonNull(maxStaleness, "maxStaleness");
    }

    /**
     * 1% false rollbacks per rollout, 5% false early passes, 200 events, +0.5 points and ×1.5, incident at 14.4×,
     * tenant tests on.
     */
    public static JudgeConfig defaults() {
        return new JudgeConfig(0.01, 0.05, 200, MinRegression.defaults(), 14.4, Duration.ofMinutes(5), 0.05, true);
    }

    public JudgeConfig withMinSamples(long n) {
        return new JudgeConfig(falseRollbackRate, falsePassRate, n, minRegression, incidentBurnRate, maxStaleness, culpritFamilyRate, tenantTests);
    }

    public JudgeConfig withFalseRollbackRate(double rate) {
        return new JudgeConfig(rate, falsePassRate, minSamples, minRegression, incidentBurnRate, maxStaleness, culpritFamilyRate, tenantTests);
    }

    public JudgeConfig withMinRegression(MinRegression m) {
        return new JudgeConfig(falseRollbackRate, falsePassRate, minSamples, m, incidentBurnRate, maxStaleness, culpritFamilyRate, tenantTests);
    }

    public JudgeConfig withMaxStaleness(Duration d) {
        return new JudgeConfig(falseRollbackRate, falsePassRate, minSamples, minRegression, incidentBurnRate, d, culpritFamilyRate, tenantTests);
    }

    public JudgeConfig withTenantTests(boolean on) {
        return new JudgeConfig(falseRollbackRate, falsePassRate, minSamples, minRegression, incidentBurnRate, maxStaleness,
                culpritFamilyRate, on);
    }

    private static void requireProbability(double p, String field) {
        if (!(p > 0 && p < 1)) {
            throw new IllegalArgumentException(field + " must be between 0 and 1 (exclusive), got " + p);
        }
    }
}
