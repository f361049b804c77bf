package dev.bulkhead.engine.plan;

import java.util.List;
import java.util.Optional;

/**
 * The outcome of planning: the plan when the specs are valid, every problem otherwise (never only the
 * first), warnings, and the tenants each step really exposes.
 */
public record PlanResult(Plan planOrNull, List<Problem> problems, List<PlanWarning> warnings,
        List<StepExposure> exposures) {

    public PlanResult {
        problems = List.copyOf(problems);
        warnings = List.copyOf(warnings);
        exposures = List.copyOf(exposures);
    }

    public boolean valid() {
        return problems.isEmpty();
    }

    public Optional<Plan> plan() {
        return Optional.ofNullable(planOrNull);
    }
}
