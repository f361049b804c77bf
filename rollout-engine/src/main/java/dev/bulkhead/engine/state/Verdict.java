package dev.bulkhead.engine.state;

/**
 * The analysis outcome for one segment at one interval. {@link #ERROR} means the metric source could
 * not be read; {@link #ENVIRONMENT_INCIDENT} means canary and stable degraded together, which is not
 * the revision's fault.
 */
public enum Verdict {
    PASS,
    FAIL,
    INCONCLUSIVE,
    NO_DATA,
    ERROR,
    ENVIRONMENT_INCIDENT
}
