package dev.bulkhead.operator.release.flag.unleash;

import java.time.Duration;

/**
 * Told about every Admin API call, to export call latency and failures as metrics without tying the adapter to a
 * metrics library.
 */
@FunctionalInterface
public interface UnleashCallListener {

    /** Does nothing. */
    UnleashCallListener NONE = (operation, status, elapsed) -> {
    };

    /**
     * @param operation a low-cardinality name of the call, e.g. {@code strategy.update} (never a flag or tenant name)
     * @param status    the HTTP status, or 0 when Unleash could not be reached or did not answer in time
     * @param elapsed   time from sending the request to the end of the answer (or the failure)
     */
    void onCall(String operation, int status, Duration elapsed);
}
