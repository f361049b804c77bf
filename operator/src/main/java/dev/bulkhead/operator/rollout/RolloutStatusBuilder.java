package dev.bulkhead.operator.rollout;

import dev.bulkhead.analysis.SegmentVerdict;
import dev.bulkhead.analysis.VerdictRecord;
import dev.bulkhead.analysis.culprit.CulpritTenant;
import dev.bulkhead.api.v1alpha1.Condition;
import dev.bulkhead.api.v1alpha1.ConditionStatus;
import dev.bulkhead.api.v1alpha1.HistoryEntry;
import dev.bulkhead.api.v1alpha1.ImpactSummary;
import dev.bulkhead.api.v1alpha1.RolloutStatus;
import dev.bulkhead.api.v1alpha1.SegmentStatus;
import dev.bulkhead.api.v1alpha1.TenantImpact;
import dev.bulkhead.engine.impact.CustomerImpact;
import dev.bulkhead.engine.plan.Plan;
import dev.bulkhead.engine.state.Phase;
import dev.bulkhead.engine.state.RolloutState;
import dev.bulkhead.engine.state.SegmentState;
import dev.bulkhead.operator.status.Conditions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Builds a Rollout's status from the engine's state, the analysis' latest verdicts and the operator's checks. Pure. */
public final class RolloutStatusBuilder {

    /** History entries shown in status; the engine keeps more in status.engine, and Events hold the rest. */
    static final int HISTORY_SHOWN = 20;
    static final int TOP_IMPACTED = 10;

    private RolloutStatusBuilder() {
    }

    /** The phase for printer columns, derived from the engine's phase: {@code ROLLED_BACK} → {@code RolledBack}. */
    public static String phaseOf(Phase phase) {
        return camel(phase);
    }

    /** {@code ENVIRONMENT_INCIDENT} → {@code EnvironmentIncident}. */
    static String camel(Enum<?> value) {
        StringBuilder out = new StringBuilder();
        for (String word : value.name().split("_")) {
            out.append(word.charAt(0)).append(word.substring(1).toLowerCase(Locale.ROOT));
        }
        return out.toString();
    }

    /**
     * @param previous   the current status (for condition transition times), or null
     * @param plan       the plan, or null when the inputs did not resolve
     * @param problems   why the inputs did not resolve, or what failed while acting (Degraded)
     * @param latest     the verdicts of this reconcile's look by segment (empty when no look ran)
     * @param canaryBurn the canary's own burn rate by segment from this reconcile's look (empty when no look ran; the
     *                   previous status' figure stays while the same revision is released)
     * @param budgets    each segment's budget and burn rates from its SLOs' status
     */
    public static RolloutStatus build(RolloutStatus previous, long generation, EngineRecord record, Plan plan,
            List<RolloutInputs.Problem> inputProblems, List<RolloutInputs.Problem> actProblems,
            Map<String, SegmentVerdict> latest, Map<String, Double> canaryBurn, SegmentBudgets budgets, Instant now) {
        RolloutState state = record.state();
        List<Condition> updates = new ArrayList<>();
        updates.add(inputProblems.isEmpty()
                ? Conditions.of("Ready", ConditionStatus.TRUE, RolloutConditionReasons.INPUTS_RESOLVED,
                        "Segmentation, SLOs and plan resolved", generation, now)
                : Conditions.of("Ready", ConditionStatus.FALSE, inputProblems.get(0).reason(),
                        join(inputProblems) + "; nobody is exposed further until this is fixed", generation, now));
        updates.add(actProblems.isEmpty()
                ? Conditions.of("Degraded", ConditionStatus.FALSE, RolloutConditionReasons.HEALTHY, "exposure applied", generation, now)
                : Conditions.of("Degraded", ConditionStatus.TRUE, actProblems.get(0).reason(), join(actProblems), generation, now));
        Phase phase = state.phase();
        String why = Optional.ofNullable(state.message()).orElse("");
        String reason = Optional.ofNullable(state.reason()).orElse(phaseOf(phase));
        updates.add(flag("Progressing", phase == Phase.DEPLOYING || phase == Phase.PROGRESSING || phase == Phase.PROMOTING,
                reason, why, generation, now));
        updates.add(flag("Paused", phase == Phase.PAUSED, reason, why, generation, now));
        updates.add(flag("Frozen", phase == Phase.FROZEN, reason, why, generation, now));
        updates.add(flag("RolledBack", phase == Phase.ROLLED_BACK || phase == Phase.ROLLING_BACK, reason, why, generation, now));
        List<Condition> conditions = Conditions.merge(previous == null ? List.of() : previous.conditions(), updates);

        List<SegmentStatus> segments = new ArrayList<>();
        boolean sameRevision = previous != null && state.revision() != null && state.revision().equals(previous.canaryRevision());
        for (SegmentState segment : state.segments()) {
            SegmentStatus before = previousSegment(previous, segment.segment());
            Double burn = canaryBurn.containsKey(segment.segment()) ? round(canaryBurn.get(segment.segment()))
                    : sameRevision && before != null ? before.canaryBurnRate() : null;
            segments.add(segmentStatus(plan, segment, latestRecord(record.verdicts(), segment.segment()),
                    latest.get(segment.segment()), before, budgets.of(segment.segment()), burn));
        }
        String current = state.currentSegment() >= 0 && state.currentSegment() < state.segments().size()
                ? state.segments().get(state.currentSegment()).segment() : null;
        Integer step = current == null ? null : state.segments().get(state.currentSegment()).step();
        return new RolloutStatus(generation, phaseOf(phase), conditions, state.stableRevision(), state.revision(),
                current, step, exposure(plan, state), segments, impact(state), history(state), record.toJson())
                .withBookkeeping(previous == null ? null : previous.actions(), previous == null ? null : previous.outbox());
    }

    private static Condition flag(String type, boolean on, String reason, String message, long generation, Instant now) {
        return Conditions.of(type, on ? ConditionStatus.TRUE : ConditionStatus.FALSE, reason, message, generation, now);
    }

    private static SegmentStatus segmentStatus(Plan plan, SegmentState segment, VerdictRecord verdict, SegmentVerdict latest,
            SegmentStatus previous, SegmentBudgets.Budget budget, Double canaryBurn) {
        int exposed = plan == null ? -1 : Exposures.exposedTenants(plan, segment);
        Integer tenants = plan == null ? null : plan.segment(segment.segment())
                .filter(s -> !s.isDefault()).map(s -> s.tenants().size()).orElse(null);
        List<TenantImpact> impacted = latest != null && !latest.culpritTenants().isEmpty()
                ? latest.culprits().stream().filter(CulpritTenant::significant)
                        .sorted(Comparator.comparingDouble(CulpritTenant::excessBad).reversed())
                        .map(c -> new TenantImpact(c.tenant(), segment.segment(), Math.round(c.canaryEvents()),
                                Math.round(c.canaryBad()), round(c.excessBad())))
                        .limit(TOP_IMPACTED).toList()
                : previous == null ? null : previous.impactedTenants();
        return new SegmentStatus(segment.segment(), phaseOf(segmentPhase(segment)), segment.step(), segment.exposedPercent(),
                exposed < 0 ? null : exposed, tenants,
                segment.lastVerdict() == null ? null : camel(segment.lastVerdict()),
                verdict == null ? null : describe(verdict),
                verdict == null ? null : verdict.evaluatedAt().toString(),
                budget.remaining() == null ? null : round(budget.remaining()), budget.burnRates(), canaryBurn, impacted);
    }

    /** The numbers behind a verdict in one sentence, so status shows why without reading the engine record. */
    static String describe(VerdictRecord v) {
        return String.format(Locale.ROOT, "%s on %s: %s %.0f bad of %.0f (%.3f%%) vs stable %.0f of %.0f (%.3f%%); "
                        + "statistic %.2f against threshold %.2f (%s)",
                camel(v.verdict()), v.indicator(), v.canaryLabel(), v.canaryBad(), v.canaryEvents(), 100 * v.canaryRate(), v.stableBad(),
                v.stableEvents(), 100 * v.stableRate(), v.statistic(), v.threshold(), v.reason());
    }

    private static Phase segmentPhase(SegmentState segment) {
        return switch (segment.status()) {
            case PENDING -> Phase.PENDING;
            case PROGRESSING -> Phase.PROGRESSING;
            case RELEASED -> Phase.RELEASED;
            case ROLLED_BACK -> Phase.ROLLED_BACK;
        };
    }

    private static VerdictRecord latestRecord(List<VerdictRecord> records, String segment) {
        VerdictRecord found = null;
        for (VerdictRecord r : records) {
            if (r.segment().equals(segment)) {
                found = r;
            }
        }
        return found;
    }

    private static SegmentStatus previousSegment(RolloutStatus previous, String segment) {
        if (previous == null || previous.segments() == null) {
            return null;
        }
        return previous.segments().stream().filter(s -> segment.equals(s.name())).findFirst().orElse(null);
    }

    static String exposure(Plan plan, RolloutState state) {
        if (state.currentSegment() < 0 || state.currentSegment() >= state.segments().size()) {
            return state.exposedSegments().isEmpty() ? "none" : String.join(", ", state.exposedSegments());
        }
        SegmentState s = state.segments().get(state.currentSegment());
        int tenants = plan == null ? -1 : Exposures.exposedTenants(plan, s);
        Integer total = plan == null ? null : plan.segment(s.segment()).filter(p -> !p.isDefault()).map(p -> p.tenants().size()).orElse(null);
        return s.segment() + " " + s.exposedPercent() + "%" + (tenants >= 0 && total != null ? " (" + tenants + "/" + total + " tenants)" : "");
    }

    private static ImpactSummary impact(RolloutState state) {
        if (state.impact().isEmpty()) {
            return null;
        }
        // The totals count every tenant served; the engine's ledger names only the most impacted (CustomerImpact.TENANTS_KEPT).
        var totals = state.impactTotals();
        List<TenantImpact> top = CustomerImpact.top(state.impact().values(), TOP_IMPACTED).stream()
                .map(t -> new TenantImpact(t.tenant(), t.segment(), t.requests(), t.errors(), null)).toList();
        return new ImpactSummary((int) totals.tenants(), (int) totals.tenantsWithErrors(), totals.requests(),
                totals.errors(), top);
    }

    private static List<HistoryEntry> history(RolloutState state) {
        List<dev.bulkhead.engine.state.HistoryEntry> entries = state.history();
        return entries.subList(Math.max(0, entries.size() - HISTORY_SHOWN), entries.size()).stream()
                .map(h -> new HistoryEntry(h.at() == null ? null : h.at().toString(), phaseOf(h.phase()), h.segment(),
                        h.reason(), h.message(), null))
                .toList();
    }

    private static String join(List<RolloutInputs.Problem> problems) {
        return String.join("; ", problems.stream().map(RolloutInputs.Problem::message).toList());
    }

    private static Double round(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
