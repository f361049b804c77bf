package dev.bulkhead.engine.plan;

/** Something valid but probably unintended, such as a step that exposes no tenant. */
public record PlanWarning(String path, String reason, String message) {
}
