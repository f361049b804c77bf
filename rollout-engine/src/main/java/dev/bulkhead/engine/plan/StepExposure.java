package dev.bulkhead.engine.plan;

/**
 * What a step really does: percent is a fraction of tenants, so small segments move in coarse jumps.
 * {@code exposedTenants} of {@code segmentTenants} tenants are on the new revision during the step.
 */
public record StepExposure(String segment, int step, int percent, int exposedTenants, int segmentTenants) {
}
