package dev.bulkhead.analysis.judge;

/**
 * Events and bad events of one arm (canary or stable) of one segment. Counts are doubles because Prometheus'
 * {@code increase()} extrapolates to the window edges and returns fractional counts.
 */
public record ArmCounts(double events, double bad) {

    public static final ArmCounts EMPTY = new ArmCounts(0, 0);

    public ArmCounts {
        if (!(events >= 0) || !(bad >= 0)) {
            throw new IllegalArgumentException("counts must be non-negative numbers, got events=" + events + " bad=" + bad);
        }
        // increase() of two counters can disagree slightly at the edges; bad never exceeds all events.
        bad = Math.min(bad, events);
    }

    public ArmCounts plus(ArmCounts other) {
        return new ArmCounts(events + other.events, bad + other.bad);
    }

    /** Bad events over events, or NaN without events. */
    public double rate() {
        return events > 0 ? bad / events : Double.NaN;
    }
}
