package dev.bulkhead.engine.state;

import java.time.Instant;

/** A human's override of error-budget freezes (P0 and security fixes), with the reason they gave. */
public record BudgetOverride(String reason, Instant setAt) {
}
