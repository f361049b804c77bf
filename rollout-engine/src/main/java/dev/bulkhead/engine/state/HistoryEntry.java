package dev.bulkhead.engine.state;

import java.time.Instant;

/** One transition: when, into which phase, why (a {@code RolloutReasons} constant) and a message. */
public record HistoryEntry(Instant at, Phase phase, String reason, String revision, String segment, String message) {
}
