package dev.bulkhead.engine.report;

import dev.bulkhead.engine.state.SegmentStatus;
import dev.bulkhead.engine.state.TenantImpact;
import dev.bulkhead.engine.state.Verdict;
import java.util.List;

/**
 * One segment's line in the Rollout status: where it is, how many of its tenants are really on the
 * new revision (percent is a fraction of tenants, so small segments move in jumps), the latest verdict
 * and the tenants that were hurt most.
 *
 * @param step            the current step, -1 before the first
 * @param exposedTenants  tenants on the new revision now
 * @param impactedTenants the tenants of this segment with the most errors from the new revision
 */
public record SegmentProgress(
        String segment,
        SegmentStatus status,
        int step,
        int steps,
        int exposedPercent,
        int exposedTenants,
        int segmentTenants,
        Verdict verdict,
        List<TenantImpact> impactedTenants) {

    public SegmentProgress {
        impactedTenants = List.copyOf(impactedTenants);
    }
}
