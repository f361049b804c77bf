package dev.bulkhead.analysis.judge;

/**
 * The smallest regression worth rolling back. When both parts are set a regression must clear both: that
 * ignores 0.1% → 0.2% (twice as bad but tiny) as well as 40% → 40.6% (0.6 points but relatively nothing).
 *
 * @param absolutePoints percentage points canary's bad-event rate must exceed stable's by, or null
 * @param relative       ratio canary's rate must reach relative to stable's (greater than 1), or null
 */
public record MinRegression(Double absolutePoints, Double relative) {

    public MinRegression {
        if (absolutePoints == null && relative == null) {
            throw new IllegalArgumentException("minRegression: set absolute, relative or both");
        }
        if (absolutePoints != null && !(absolutePoints > 0 && absolutePoints < 100)) {
            throw new IllegalArgumentException("minRegression.absolute: percentage points between 0 and 100, got " + absolutePoints);
        }
        if (relative != null && !(relative > 1)) {
            throw new IllegalArgumentException("minRegression.relative: a ratio greater than 1, got " + relative);
        }
    }

    /** The resource's example and Bulkhead's default: +0.5 points and ×1.5. */
    public static MinRegression defaults() {
        return new MinRegression(0.5, 1.5);
    }

    /**
     * The relevant size as a ratio of rates for a stable rate {@code stableRate}: the larger of the relative part
     * and {@code (stableRate + absolute) / stableRate}.
     */
    public double relevantRatio(double stableRate) {
        double r = relative == null ? 1 : relative;
        if (absolutePoints != null) {
            r = Math.max(r, (stableRate + absolutePoints / 100.0) / stableRate);
        }
        return r;
    }

    /**
     * The smallest rate that is relevantly worse than {@code baseRate}: {@code max(relative·p, p + absolute)}, each
     * part as set (0 when only the relative part is set and the base is 0).
     */
    public double relevantLevel(double baseRate) {
        double level = relative == null ? 0 : relative * baseRate;
        if (absolutePoints != null) {
            level = Math.max(level, baseRate + absolutePoints / 100.0);
        }
        return level;
    }

    /** Whether estimated rates show a regression of at least the relevant size. */
    public boolean isRelevant(double canaryRate, double stableRate) {
        if (absolutePoints != null && canaryRate - stableRate < absolutePoints / 100.0) {
            return false;
        }
        return relative == null || canaryRate >= relative * stableRate && canaryRate > stableRate;
    }
}
