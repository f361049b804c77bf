package dev.bulkhead.kubectl.render;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.bulkhead.api.v1alpha1.ImpactSummary;
import dev.bulkhead.api.v1alpha1.Rollout;
import dev.bulkhead.api.v1alpha1.RolloutStatus;
import dev.bulkhead.api.v1alpha1.SegmentStatus;
import dev.bulkhead.api.v1alpha1.TenantImpact;
import dev.bulkhead.engine.impact.CustomerImpact;
import dev.bulkhead.engine.state.RolloutState;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The customer-impact report of a rollout: for every tenant the new revision served, the requests and bad requests,
 * worst first (the engine's {@link CustomerImpact} order), with the excess over stable's rate and whether the analysis
 * named it a culprit. The tenants come from the engine's state in {@code status.engine} (every tenant served, or the
 * most impacted {@code CustomerImpact.TENANTS_KEPT} once more were: then the report says it is partial and its totals
 * are the engine's, over every tenant); when that cannot be read,
 * the report falls back to {@code status.impact.top} (the 10 most affected) and says it is partial.
 *
 * @param complete whether every exposed tenant is listed
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ImpactReport(String namespace, String rollout, String revision, String phase, boolean complete,
        long tenantsExposed, long tenantsAffected, long requests, long badRequests, List<Row> tenants) {

    /**
     * One tenant.
     *
     * @param excessBadRequests bad requests beyond what stable's rate predicts, when the analysis measured them
     * @param culprit           whether the analysis named this tenant as carrying a segment's regression
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Row(String tenant, String segment, long requests, long badRequests, Double excessBadRequests,
            boolean culprit) {
    }

    /** The report; {@code segment} keeps only that segment's tenants (and totals over them), null keeps all. */
    public static ImpactReport of(Rollout rollout, String segment) {
        RolloutStatus status = rollout.getStatus();
        Map<String, TenantImpact> measured = new HashMap<>();
        Set<String> culprits = new HashSet<>();
        if (status != null && status.segments() != null) {
            for (SegmentStatus s : status.segments()) {
                for (TenantImpact t : Optional.ofNullable(s.impactedTenants()).orElse(List.of())) {
                    measured.put(t.tenant(), t);
                    culprits.add(t.tenant());
                }
            }
        }
        Optional<RolloutState> state = EngineView.of(rollout).state();
        List<Row> rows;
        boolean complete;
        if (state.isPresent()) {
            Collection<dev.bulkhead.engine.state.TenantImpact> all = state.get().impact().values().stream()
                    .filter(t -> segment == null || segment.equals(t.segment())).toList();
            rows = CustomerImpact.report(all).stream().map(t -> new Row(t.tenant(), t.segment(), t.requests(), t.errors(),
                    Optional.ofNullable(measured.get(t.tenant())).map(TenantImpact::excessBadRequests).orElse(null),
                    culprits.contains(t.tenant()))).toList();
            // The ledger names at most CustomerImpact.TENANTS_KEPT tenants; its totals still count every tenant.
            complete = state.get().impactTotals().complete();
        } else {
            ImpactSummary summary = status == null ? null : status.impact();
            List<TenantImpact> top = summary == null || summary.top() == null ? List.of() : summary.top();
            rows = top.stream().filter(t -> segment == null || segment.equals(t.segment()))
                    .map(t -> new Row(t.tenant(), t.segment(), nz(t.requests()), nz(t.badRequests()),
                            Optional.ofNullable(t.excessBadRequests()).or(() -> Optional.ofNullable(measured.get(t.tenant()))
                                    .map(TenantImpact::excessBadRequests)).orElse(null),
                            culprits.contains(t.tenant())))
                    .toList();
            complete = summary == null || summary.tenantsExposed() == null || summary.tenantsExposed() <= top.size();
        }
        long requests = rows.stream().mapToLong(Row::requests).sum();
        long bad = rows.stream().mapToLong(Row::badRequests).sum();
        long affected = rows.stream().filter(r -> r.badRequests() > 0).count();
        long exposed = rows.size();
        if (!complete && segment == null && state.isPresent()) {
            var totals = state.get().impactTotals();
            exposed = totals.tenants();
            affected = totals.tenantsWithErrors();
            requests = totals.requests();
            bad = totals.errors();
        } else if (!complete && segment == null && status.impact() != null) {
            // Only the top tenants are listed, but the status' totals still count every tenant.
            exposed = nz(status.impact().tenantsExposed());
            affected = nz(status.impact().tenantsAffected());
            requests = nz(status.impact().requests());
            bad = nz(status.impact().badRequests());
        }
        return new ImpactReport(rollout.getMetadata().getNamespace(), rollout.getMetadata().getName(),
                status == null ? null : status.canaryRevision(), status == null ? null : status.phase(), complete,
                exposed, affected, requests, bad, rows);
    }

    private static long nz(Number n) {
        return n == null ? 0 : n.longValue();
    }
}
