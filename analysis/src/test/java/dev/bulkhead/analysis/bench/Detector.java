package dev.bulkhead.analysis.bench;

/** A rollback rule watching the same simulated traffic minute by minute. */
interface Detector {

    String name();

    /**
     * Observes one minute. {@code events[t]} and {@code bad[t]} are tenant t's requests and errors in that minute;
     * the population says which tenants are canary and in which segment.
     *
     * @return true to roll back now
     */
    boolean observe(int minute, Population population, long[] events, long[] bad);
}
