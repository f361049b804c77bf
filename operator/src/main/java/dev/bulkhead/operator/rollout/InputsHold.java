package dev.bulkhead.operator.rollout;

import dev.bulkhead.api.v1alpha1.ConditionStatus;
import dev.bulkhead.api.v1alpha1.RolloutStatus;
import dev.bulkhead.engine.state.Phase;
import dev.bulkhead.engine.state.RolloutState;
import dev.bulkhead.operator.status.Conditions;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * A rollout whose inputs stopped resolving while tenants are exposed (its SLO or Segmentation deleted, a ConfigMap of
 * tenants gone, a Service someone else took): the engine cannot run, so no analysis judges the exposed tenants and no
 * automatic rollback can happen. That must never be silent. The rollout is held: exposure stays exactly as it is
 * (withdrawing it on missing evidence would be a rollback without evidence of harm, see the design's fail-safe rule),
 * Progressing turns False with {@link RolloutConditionReasons#HELD_INPUTS_MISSING} naming what is missing and that
 * rollback is off, and a Warning Event says so once. When the inputs are back the next reconcile resumes. Pure.
 */
public final class InputsHold {

    /** Phases in which an analysis guards exposed tenants (and a failure would roll them back). */
    private static final Set<Phase> GUARDED = Set.of(Phase.PROGRESSING, Phase.PAUSED, Phase.FROZEN, Phase.PROMOTING,
            Phase.ROLLING_BACK, Phase.RELEASED);

    private InputsHold() {
    }

    /** Whether missing inputs hold tenants exposed without analysis (rather than merely stopping a rollout that exposes nobody). */
    public static boolean holdsExposure(RolloutState state) {
        if (!GUARDED.contains(state.phase()) || state.exposedSegments().isEmpty()) {
            return false;
        }
        // Released: only its post-release bake is guarded; afterwards stable runs the revision and nothing is at stake.
        return state.phase() != Phase.RELEASED || state.postReleaseBakeUntil() != null;
    }

    /** The message of the hold: what is exposed, why nothing judges it, what resumes it. */
    public static String message(RolloutState state, List<RolloutInputs.Problem> problems) {
        return "held with exposure kept as it is (" + String.join(", ", state.exposedSegments()) + "): "
                + String.join("; ", problems.stream().map(RolloutInputs.Problem::message).toList())
                + "; no analysis runs and no automatic rollback can happen until this is fixed, then the rollout resumes";
    }

    /** {@code status} with Progressing False for the hold. */
    public static RolloutStatus mark(RolloutStatus status, RolloutState state, List<RolloutInputs.Problem> problems,
            long generation, Instant now) {
        var held = Conditions.of("Progressing", ConditionStatus.FALSE, RolloutConditionReasons.HELD_INPUTS_MISSING,
                message(state, problems), generation, now);
        return new RolloutStatus(status.observedGeneration(), status.phase(), Conditions.merge(status.conditions(), List.of(held)),
                status.stableRevision(), status.canaryRevision(), status.currentSegment(), status.currentStep(),
                status.exposure(), status.segments(), status.impact(), status.history(), status.engine());
    }

    /** Whether {@code previous} already reports the hold, so its Warning Event is not repeated every retry. */
    public static boolean alreadyHeld(RolloutStatus previous) {
        return previous != null && Conditions.find(previous.conditions(), "Progressing")
                .map(c -> RolloutConditionReasons.HELD_INPUTS_MISSING.equals(c.reason())).orElse(false);
    }
}
