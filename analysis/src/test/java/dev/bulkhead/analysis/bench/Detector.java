package dev.bulkhead.analysis.bench;

/**
 * A rollback rule watching the same simulated traffic look by look. The benchmark calls {@link #history} once, then
 * {@link #observe} once per look until it returns true (a rollback) or the horizon ends, and after every look that did
 * not roll back asks {@link #passed} for the segments it watches.
 */
interface Detector {

    String name();

    /**
     * The pre-exposure window, once before the first look: every tenant (canary or not) served on stable before the
     * rollout. {@code events[t]} and {@code bad[t]} are tenant t's requests and bad requests over the
     * {@link Population#historyMinutes} minutes that end at the rollout's start. The arrays are the detector's to keep.
     */
    default void history(Population population, double[] events, double[] bad) {
    }

    /**
     * Observes one look.
     *
     * @return true to roll back the whole rollout now
     */
    boolean observe(Look look);

    /**
     * Whether the rule has passed (promoted) {@code segment} by now. Once true it stays true: the benchmark counts the
     * first look at which it is, if that is before any rollback. The peers have no segments: they pass every segment
     * when their analysis run completes without failing.
     */
    default boolean passed(int segment) {
        return false;
    }
}
