package dev.bulkhead.engine.plan;

import java.time.Duration;

/**
 * One exposure level inside a segment: {@code percent} of its tenants for at least {@code bake}.
 * A step with {@code manualGate} is entered only after a human promotes.
 */
public record Step(int percent, Duration bake, boolean manualGate) {
}
