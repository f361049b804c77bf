package dev.bulkhead.operator.dashboard;

import dev.bulkhead.analysis.VerdictRecord;
import dev.bulkhead.api.v1alpha1.ImpactSummary;
import dev.bulkhead.api.v1alpha1.ObjectReference;
import dev.bulkhead.api.v1alpha1.ReleaseMethod;
import dev.bulkhead.api.v1alpha1.Rollout;
import dev.bulkhead.api.v1alpha1.RolloutStatus;
import dev.bulkhead.api.v1alpha1.SegmentStatus;
import dev.bulkhead.api.v1alpha1.ServiceLevelObjective;
import dev.bulkhead.api.v1alpha1.ServiceLevelObjectiveStatus;
import dev.bulkhead.api.v1alpha1.ServiceLevelObjectiveStatus.SegmentBudget;
import dev.bulkhead.api.v1alpha1.TenantImpact;
import dev.bulkhead.engine.impact.CustomerImpact;
import dev.bulkhead.operator.dashboard.RolloutDetail.BurnRate;
import dev.bulkhead.operator.dashboard.RolloutDetail.ImpactView;
import dev.bulkhead.operator.dashboard.RolloutDetail.PendingAction;
import dev.bulkhead.operator.dashboard.RolloutDetail.SegmentView;
import dev.bulkhead.operator.dashboard.RolloutDetail.VerdictPoint;
import dev.bulkhead.operator.rollout.EngineRecord;
import dev.bulkhead.operator.rollout.ManualActions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns Rollouts and SLOs as the API server holds them into what the dashboard shows. Pure: objects in, views out;
 * nothing here reads the cluster or checks who asks.
 */
public final class RolloutViews {

    private RolloutViews() {
    }

    public static RolloutSummary summary(Rollout rollout) {
        RolloutStatus status = rollout.getStatus();
        List<RolloutSummary.Ring> rings = segments(status).stream()
                .map(s -> new RolloutSummary.Ring(s.name(), s.state(), s.exposedPercent(), s.verdict())).toList();
        return new RolloutSummary(rollout.getMetadata().getNamespace(), rollout.getMetadata().getName(),
                status == null ? null : status.phase(), status == null ? null : status.currentSegment(),
                status == null ? null : status.exposure(), status == null ? null : status.stableRevision(),
                status == null ? null : status.canaryRevision(), release(rollout), rings,
                rollout.getMetadata().getCreationTimestamp());
    }

    public static SloSummary slo(ServiceLevelObjective slo) {
        ServiceLevelObjectiveStatus status = slo.getStatus();
        return new SloSummary(slo.getMetadata().getNamespace(), slo.getMetadata().getName(),
                status == null ? null : status.phase(), slo.getSpec() == null ? null : slo.getSpec().window(),
                status == null ? null : status.frozenSegments(), status == null ? null : status.lastEvaluated(),
                status == null || status.segments() == null ? List.of() : status.segments(),
                status == null || status.conditions() == null ? List.of() : status.conditions());
    }

    /** The names of the SLOs the rollout is judged against ({@code spec.analysis.sloRefs}). */
    public static List<String> sloNames(Rollout rollout) {
        if (rollout.getSpec() == null || rollout.getSpec().analysis() == null || rollout.getSpec().analysis().sloRefs() == null) {
            return List.of();
        }
        return rollout.getSpec().analysis().sloRefs().stream().map(ObjectReference::name).filter(Objects::nonNull).toList();
    }

    /**
     * The page of one rollout.
     *
     * @param slos  the rollout's SLOs that exist and the reader may see
     * @param notes what the caller already knows cannot be shown (e.g. SLOs hidden from the reader)
     */
    public static RolloutDetail detail(Rollout rollout, List<ServiceLevelObjective> slos, List<String> notes) {
        RolloutStatus status = rollout.getStatus();
        List<String> allNotes = new ArrayList<>(notes);
        Optional<EngineRecord> engine = engine(status, allNotes);
        List<SegmentStatus> segments = segments(status);
        List<SegmentView> segmentViews = segments.stream().map(s -> segment(s, slos)).toList();
        return new RolloutDetail(rollout.getMetadata().getNamespace(), rollout.getMetadata().getName(),
                rollout.getMetadata().getGeneration(), status == null ? null : status.observedGeneration(),
                status == null ? null : status.phase(), status == null ? null : status.exposure(),
                status == null ? null : status.currentSegment(), status == null ? null : status.currentStep(),
                status == null ? null : status.stableRevision(), status == null ? null : status.canaryRevision(),
                release(rollout), pendingAction(rollout),
                segmentViews,
                status == null || status.conditions() == null ? List.of() : status.conditions(),
                status == null || status.history() == null ? List.of() : status.history(),
                engine.map(e -> e.verdicts().stream().map(RolloutViews::verdict).toList()).orElse(List.of()),
                impact(status, segments, engine),
                slos.stream().map(RolloutViews::slo).toList(),
                List.copyOf(allNotes));
    }

    static String release(Rollout rollout) {
        ReleaseMethod release = rollout.getSpec() == null ? null : rollout.getSpec().release();
        if (release == null) {
            return null;
        }
        if (release.flag() != null) {
            return "Unleash flag " + release.flag().feature();
        }
        if (release.route() != null && release.route().gatewayAPI() != null && release.route().gatewayAPI().httpRoute() != null) {
            return "HTTPRoute " + release.route().gatewayAPI().httpRoute().name();
        }
        if (release.route() != null && release.route().istio() != null && release.route().istio().virtualService() != null) {
            return "VirtualService " + release.route().istio().virtualService().name();
        }
        return null;
    }

    private static PendingAction pendingAction(Rollout rollout) {
        Map<String, String> annotations = rollout.getMetadata().getAnnotations();
        if (annotations == null || !annotations.containsKey(ManualActions.ACTION)) {
            return null;
        }
        return new PendingAction(annotations.get(ManualActions.ACTION), annotations.get(ManualActions.ACTOR));
    }

    private static List<SegmentStatus> segments(RolloutStatus status) {
        return status == null || status.segments() == null ? List.of() : status.segments();
    }

    private static Optional<EngineRecord> engine(RolloutStatus status, List<String> notes) {
        if (status == null || status.engine() == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(EngineRecord.read(status.engine()));
        } catch (IllegalArgumentException e) {
            notes.add("Verdicts over time and the complete impact report are missing: " + e.getMessage());
            return Optional.empty();
        }
    }

    /** The SLO column of burn rates the Rollout status sums up over all of its SLOs (the highest). */
    static final String ALL_SLOS = "all (highest)";
    /** The window of the canary's own burn rate: since the revision's first analysis look. */
    static final String SINCE_FIRST_LOOK = "since first look";

    private static SegmentView segment(SegmentStatus s, List<ServiceLevelObjective> slos) {
        List<BurnRate> burnRates = new ArrayList<>();
        Double lowest = s.budgetRemaining();
        for (ServiceLevelObjective slo : slos) {
            Optional<SegmentBudget> budget = budget(slo, s.name());
            if (budget.isEmpty()) {
                continue;
            }
            if (budget.get().budgetRemaining() != null) {
                lowest = lowest == null ? budget.get().budgetRemaining() : Math.min(lowest, budget.get().budgetRemaining());
            }
            if (budget.get().indicators() != null) {
                budget.get().indicators().forEach(i -> burnRates.add(new BurnRate(slo.getMetadata().getName(), i.name(),
                        i.burnRates() == null ? Map.of() : i.burnRates(), i.firing() == null ? List.of() : i.firing(),
                        i.budgetRemaining())));
            }
        }
        // After the SLOs' rows, from the Rollout's own status (so they show even when the SLOs are hidden from the
        // viewer): the segment's burn, the highest across the rollout's SLOs, and the canary's own burn since the
        // revision's first look.
        if (s.burnRates() != null && !s.burnRates().isEmpty()) {
            burnRates.add(new BurnRate(ALL_SLOS, "segment traffic", s.burnRates(), List.of(), null));
        }
        if (s.canaryBurnRate() != null) {
            burnRates.add(new BurnRate(ALL_SLOS, "canary's own traffic", Map.of(SINCE_FIRST_LOOK, s.canaryBurnRate()),
                    List.of(), null));
        }
        return new SegmentView(s.name(), s.state(), s.step(), s.exposedPercent(), s.exposedTenants(), s.tenants(),
                s.verdict(), s.verdictMessage(), s.lastAnalysis(), lowest, burnRates,
                s.impactedTenants() == null ? List.of() : s.impactedTenants());
    }

    private static Optional<SegmentBudget> budget(ServiceLevelObjective slo, String segment) {
        if (slo.getStatus() == null || slo.getStatus().segments() == null) {
            return Optional.empty();
        }
        return slo.getStatus().segments().stream().filter(b -> segment.equals(b.name())).findFirst();
    }

    private static VerdictPoint verdict(VerdictRecord v) {
        return new VerdictPoint(v.evaluatedAt() == null ? null : v.evaluatedAt().toString(), v.segment(),
                v.verdict() == null ? null : camel(v.verdict()), v.indicator(), v.reason(), number(v.canaryEvents()),
                number(v.canaryBad()), number(v.canaryRate()), number(v.stableEvents()), number(v.stableBad()),
                number(v.stableRate()), number(v.statistic()), number(v.threshold()));
    }

    /**
     * The engine ledger's tenants when it is readable (every exposed tenant, or the {@code CustomerImpact.TENANTS_KEPT}
     * most affected once more were served: then not complete; the status keeps only the most affected), with
     * the excess bad requests the analysis attributed to the segment's culprits.
     */
    private static ImpactView impact(RolloutStatus status, List<SegmentStatus> segments, Optional<EngineRecord> engine) {
        Map<String, Double> excess = new HashMap<>();
        for (SegmentStatus s : segments) {
            if (s.impactedTenants() != null) {
                s.impactedTenants().forEach(t -> {
                    if (t.excessBadRequests() != null) {
                        excess.put(t.tenant(), t.excessBadRequests());
                    }
                });
            }
        }
        ImpactSummary summary = status == null ? null : status.impact();
        if (engine.isPresent() && !engine.get().state().impact().isEmpty()) {
            var all = engine.get().state().impact().values();
            // The engine's ledger names the most impacted tenants only; its totals count every tenant served.
            var totals = engine.get().state().impactTotals();
            List<TenantImpact> tenants = CustomerImpact.report(all).stream()
                    .map(t -> new TenantImpact(t.tenant(), t.segment(), t.requests(), t.errors(), excess.get(t.tenant())))
                    .toList();
            return new ImpactView((int) totals.tenants(), (int) totals.tenantsWithErrors(), totals.requests(),
                    totals.errors(), totals.complete(), tenants);
        }
        if (summary == null) {
            return new ImpactView(0, 0, 0L, 0L, engine.isPresent(), List.of());
        }
        List<TenantImpact> top = summary.top() == null ? List.of() : summary.top().stream()
                .map(t -> new TenantImpact(t.tenant(), t.segment(), t.requests(), t.badRequests(),
                        t.excessBadRequests() != null ? t.excessBadRequests() : excess.get(t.tenant())))
                .toList();
        return new ImpactView(summary.tenantsExposed(), summary.tenantsAffected(), summary.requests(),
                summary.badRequests(), false, top);
    }

    private static Double number(double value) {
        return Double.isFinite(value) ? value : null;
    }

    private static String camel(Enum<?> value) {
        StringBuilder out = new StringBuilder();
        for (String word : value.name().split("_")) {
            out.append(word.charAt(0)).append(word.substring(1).toLowerCase(Locale.ROOT));
        }
        return out.toString();
    }
}
