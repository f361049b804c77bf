package dev.bulkhead.demo;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The current {@link Fault} of the new code path and its random draws. Thread-safe: the fault is replaced atomically and
 * {@link Random} is safe to share.
 */
public final class FaultKnob {

    private final Segments segments;
    private final Random random;
    private final AtomicReference<Fault> current = new AtomicReference<>(Fault.NONE);

    /**
     * @param segments the configured segments, for the fault's {@code segments}
     * @param initial  the fault at start-up
     * @param random   the source of the draws (seeded for reproducible runs)
     * @throws IllegalArgumentException when the initial fault is invalid
     */
    public FaultKnob(Segments segments, Fault initial, Random random) {
        this.segments = segments;
        this.random = random;
        set(initial);
    }

    /** The fault in force. */
    public Fault current() {
        return current.get();
    }

    /** The configured segments the fault can name. */
    public Segments segments() {
        return segments;
    }

    /**
     * Replaces the fault.
     *
     * @throws IllegalArgumentException with every problem of the fault (nothing changes then)
     */
    public void set(Fault fault) {
        List<String> problems = fault.problems(segments);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        current.set(fault);
    }

    /** Draws what the fault does to one request of the new code path for this tenant. */
    public FaultEffect draw(String tenant) {
        Fault fault = current.get();
        if (!fault.hits(tenant, segments)) {
            return FaultEffect.NONE;
        }
        // Draw both every time so one seed gives the same sequence whichever probabilities are set.
        boolean fail = random.nextDouble() < fault.errorProbability();
        boolean delayed = random.nextDouble() < fault.delayProbability();
        return new FaultEffect(fail, delayed ? Duration.ofMillis(fault.delayMillis()) : Duration.ZERO);
    }

    /** The fault of {@code bulkhead.demo.fault.*}. */
    static Fault fromConfig(DemoConfig.FaultSettings settings) {
        return new Fault(new HashSet<>(settings.tenants().orElse(List.of())),
                new HashSet<>(settings.segments().orElse(List.of())), settings.errorProbability(),
                settings.delay().toMillis(), settings.delayProbability());
    }
}
