package dev.bulkhead.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A fault of the new code path: which tenants it hits (listed, or through their segments) and how (HTTP 500 with a
 * probability, extra latency with a probability). The JSON body of {@code POST /fault} and of {@code GET /fault}.
 *
 * @param tenants          tenant keys; {@code *} hits every tenant
 * @param segments         segment names of {@code bulkhead.demo.segments}
 * @param errorProbability probability in [0, 1] that a hit request answers HTTP 500
 * @param delayMillis      extra latency of a delayed request, 0 to 60000 ms
 * @param delayProbability probability in [0, 1] that a hit request is delayed
 */
public record Fault(Set<String> tenants, Set<String> segments, double errorProbability, long delayMillis,
        double delayProbability) {

    /** Every tenant, in {@link #tenants()}. */
    public static final String EVERY_TENANT = "*";
    /** The longest delay accepted: longer would only exhaust the service's worker threads. */
    public static final long MAX_DELAY_MILLIS = 60_000;
    /** No fault. */
    public static final Fault NONE = new Fault(Set.of(), Set.of(), 0, 0, 0);

    public Fault {
        tenants = tenants == null ? Set.of() : Set.copyOf(new TreeSet<>(tenants));
        segments = segments == null ? Set.of() : Set.copyOf(new TreeSet<>(segments));
    }

    /**
     * The problems of this fault against the configured segments, each a sentence naming the field; empty when valid.
     */
    public List<String> problems(Segments known) {
        List<String> problems = new ArrayList<>();
        if (!(errorProbability >= 0 && errorProbability <= 1)) {
            problems.add("errorProbability must be between 0 and 1, got " + errorProbability);
        }
        if (!(delayProbability >= 0 && delayProbability <= 1)) {
            problems.add("delayProbability must be between 0 and 1, got " + delayProbability);
        }
        if (delayMillis < 0 || delayMillis > MAX_DELAY_MILLIS) {
            problems.add("delayMillis must be between 0 and " + MAX_DELAY_MILLIS + ", got " + delayMillis);
        }
        for (String segment : new TreeSet<>(segments)) {
            if (!known.names().contains(segment)) {
                problems.add("segments: unknown segment '" + segment + "'; configured segments (bulkhead.demo.segments.*): "
                        + known.names());
            }
        }
        return problems;
    }

    /** Whether the fault hits this tenant: listed, {@code *} listed, or in one of the segments. */
    public boolean hits(String tenant, Segments known) {
        if (tenants.contains(EVERY_TENANT) || tenants.contains(tenant)) {
            return true;
        }
        return segments.stream().anyMatch(segment -> known.contains(segment, tenant));
    }
}
