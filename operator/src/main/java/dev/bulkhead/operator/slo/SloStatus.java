package dev.bulkhead.operator.slo;

import dev.bulkhead.analysis.model.Durations;
import dev.bulkhead.analysis.slo.BurnAlert;
import dev.bulkhead.analysis.slo.SloReport;
import dev.bulkhead.analysis.slo.WindowBurn;
import dev.bulkhead.api.v1alpha1.Condition;
import dev.bulkhead.api.v1alpha1.ConditionStatus;
import dev.bulkhead.api.v1alpha1.ServiceLevelObjectiveStatus;
import dev.bulkhead.api.v1alpha1.ServiceLevelObjectiveStatus.IndicatorBudget;
import dev.bulkhead.api.v1alpha1.ServiceLevelObjectiveStatus.SegmentBudget;
import dev.bulkhead.operator.status.Conditions;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Builds a ServiceLevelObjective's status from the outcome of one reconcile. Pure.
 *
 * <p>Budgets only ever come from a fresh evaluation: when the spec is invalid or Prometheus cannot be read, the
 * segments and {@code frozenSegments} of the last good evaluation are kept, so stale or missing data never
 * unfreezes a segment.
 */
public final class SloStatus {

    public static final String READY = "Ready";
    public static final String DEGRADED = "Degraded";

    public static final String HEALTHY = "Healthy";
    public static final String BURNING = "Burning";
    public static final String EXHAUSTED = "Exhausted";
    public static final String NO_DATA = "NoData";
    public static final String INVALID = "Invalid";

    private static final MathContext DIGITS = new MathContext(6);

    /** What one reconcile found out. */
    public sealed interface Outcome {
    }

    /** Every query answered: these are the budgets now. */
    public record Evaluated(SloReport report) implements Outcome {
    }

    /** The spec (or its Segmentation) cannot be evaluated; {@code message} names the field. */
    public record Invalid(String reason, String message) implements Outcome {
    }

    /** Prometheus could not be read ({@code reason} is one of the MetricSource* reasons). */
    public record SourceFailed(String reason, String message) implements Outcome {
    }

    private SloStatus() {
    }

    /**
     * @param previous    the status as it is on the server (null on the first reconcile)
     * @param ruleProblem why the PrometheusRule could not be written, or null
     */
    public static ServiceLevelObjectiveStatus of(ServiceLevelObjectiveStatus previous, long generation, Outcome outcome,
            String ruleProblem, Instant now) {
        List<Condition> existing = previous == null ? List.of() : previous.conditions();
        List<SegmentBudget> segments = previous == null ? null : previous.segments();
        String frozen = previous == null ? null : previous.frozenSegments();
        String lastEvaluated = previous == null ? null : previous.lastEvaluated();
        List<Condition> updates = new ArrayList<>();

        if (outcome instanceof Evaluated e) {
            segments = e.report().segments().stream().map(SloStatus::segment).toList();
            frozen = String.join(",", segments.stream().filter(s -> Boolean.TRUE.equals(s.exhausted()))
                    .map(SegmentBudget::name).toList());
            lastEvaluated = e.report().evaluatedAt().toString();
            updates.add(Conditions.of(READY, ConditionStatus.TRUE, SloReasons.EVALUATED,
                    "budgets of " + segments.size() + " segments are tracked", generation, now));
            updates.add(ruleProblem == null
                    ? Conditions.of(DEGRADED, ConditionStatus.FALSE, SloReasons.METRICS_AVAILABLE,
                            "every query was answered", generation, now)
                    : Conditions.of(DEGRADED, ConditionStatus.TRUE, SloReasons.PROMETHEUS_RULE_REJECTED, ruleProblem,
                            generation, now));
        } else if (outcome instanceof Invalid i) {
            updates.add(Conditions.of(READY, ConditionStatus.FALSE, i.reason(), i.message(), generation, now));
        } else if (outcome instanceof SourceFailed f) {
            if (!Conditions.isTrue(existing, READY)) {
                updates.add(Conditions.of(READY, ConditionStatus.UNKNOWN, SloReasons.AWAITING_METRICS,
                        "no evaluation has succeeded yet", generation, now));
            }
            String kept = lastEvaluated == null ? "there are no budgets yet"
                    : "the budgets evaluated at " + lastEvaluated + " are kept and frozen segments stay frozen";
            updates.add(Conditions.of(DEGRADED, ConditionStatus.TRUE, f.reason(), f.message() + "; " + kept, generation, now));
        }
        List<Condition> conditions = Conditions.merge(existing, updates);
        return new ServiceLevelObjectiveStatus(generation, phaseOf(conditions, segments), conditions, lastEvaluated, frozen,
                segments);
    }

    /**
     * The phase, derived: Invalid when not Ready; NoData without any segment that has events; Exhausted when a segment's
     * budget is at or below the freeze floor; Burning when a burn-rate alert fires; Healthy otherwise.
     */
    public static String phaseOf(List<Condition> conditions, List<SegmentBudget> segments) {
        boolean notReady = Conditions.find(conditions, READY).map(c -> c.status() == ConditionStatus.FALSE).orElse(false);
        if (notReady) {
            return INVALID;
        }
        if (segments == null || segments.stream().allMatch(s -> s.budgetRemaining() == null)) {
            return NO_DATA;
        }
        if (segments.stream().anyMatch(s -> Boolean.TRUE.equals(s.exhausted()))) {
            return EXHAUSTED;
        }
        boolean firing = segments.stream().flatMap(s -> s.indicators() == null ? java.util.stream.Stream.empty() : s.indicators().stream())
                .anyMatch(i -> i.firing() != null && !i.firing().isEmpty());
        return firing ? BURNING : HEALTHY;
    }

    private static SegmentBudget segment(dev.bulkhead.analysis.slo.SegmentBudget budget) {
        List<IndicatorBudget> indicators = budget.indicators().stream()
                .filter(i -> "segment".equals(i.scope()))
                .map(SloStatus::indicator).toList();
        Double lowest = indicators.stream().map(IndicatorBudget::budgetRemaining).filter(Objects::nonNull)
                .min(Double::compare).orElse(null);
        return new SegmentBudget(budget.segment(), lowest, budget.exhausted(), indicators);
    }

    private static IndicatorBudget indicator(dev.bulkhead.analysis.slo.IndicatorBudget budget) {
        WindowBurn whole = budget.budget();
        Map<String, Double> burnRates = new LinkedHashMap<>();
        for (WindowBurn burn : budget.burns()) {
            Double rate = number(burn.burnRate());
            if (rate != null) {
                burnRates.put(Durations.format(burn.window()), rate);
            }
        }
        List<String> firing = budget.alerts().stream().filter(BurnAlert::firing)
                .map(a -> Durations.format(a.condition().longWindow()) + "/" + Durations.format(a.condition().shortWindow()))
                .distinct().toList();
        return new IndicatorBudget(budget.indicator(), number(whole.counts().events()), number(whole.counts().bad()),
                number(whole.counts().rate()), number(budget.remainingBudget() * 100), burnRates, firing);
    }

    /** Six significant digits: enough for any decision, and a status that does not churn on float noise. NaN → absent. */
    static Double number(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return null;
        }
        return new BigDecimal(value).round(DIGITS).doubleValue();
    }
}
