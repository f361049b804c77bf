package dev.bulkhead.demo;

import java.time.Duration;

/**
 * What the fault does to one request of the new code path.
 *
 * @param fail  answer HTTP 500
 * @param delay extra latency before answering (zero for none)
 */
public record FaultEffect(boolean fail, Duration delay) {

    /** The request is served normally. */
    public static final FaultEffect NONE = new FaultEffect(false, Duration.ZERO);
}
