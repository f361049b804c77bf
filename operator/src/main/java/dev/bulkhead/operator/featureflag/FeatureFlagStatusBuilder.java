package dev.bulkhead.operator.featureflag;

import dev.bulkhead.api.v1alpha1.Condition;
import dev.bulkhead.api.v1alpha1.ConditionStatus;
import dev.bulkhead.api.v1alpha1.FeatureFlagStatus;
import dev.bulkhead.operator.status.Conditions;
import java.time.Instant;
import java.util.List;

/** Builds a FeatureFlag's status from the previous one and what a reconcile found. Pure. */
public final class FeatureFlagStatusBuilder {

    public static final String READY = "Ready";
    public static final String SYNCED = "Synced";
    public static final String DRIFTED = "Drifted";

    public static final String PHASE_SYNCED = "Synced";
    public static final String PHASE_DRIFTED = "Drifted";
    public static final String PHASE_ERROR = "Error";
    public static final String PHASE_INVALID = "Invalid";

    private FeatureFlagStatusBuilder() {
    }

    /**
     * The status after a reconcile at {@code generation}. A repeated outcome yields an equal status (transition times
     * and {@code lastSynced} move only on change), so the reconciler patches only when something happened.
     *
     * @param previous null for a new resource
     */
    public static FeatureFlagStatus statusOf(FeatureFlagStatus previous, long generation, SyncOutcome outcome,
            Instant now) {
        List<Condition> existing = previous == null ? List.of() : previous.conditions();
        Long observedGeneration = generation;
        String lastSynced = previous == null ? null : previous.lastSynced();
        List<String> strategyIds = previous == null ? null : previous.strategyIds();
        List<Condition> updates;
        if (outcome instanceof SyncOutcome.Synced synced) {
            if (synced.wrote() || lastSynced == null) {
                lastSynced = now.toString();
            }
            Condition drifted = synced.drift().isEmpty()
                    ? Conditions.of(DRIFTED, ConditionStatus.FALSE, FeatureFlagReasons.NO_DRIFT,
                            "Unleash matched what Bulkhead last wrote", generation, now)
                    : Conditions.of(DRIFTED, ConditionStatus.TRUE, FeatureFlagReasons.DRIFT_CORRECTED,
                            "Changed by hand in Unleash, and corrected: " + String.join("; ", synced.drift()),
                            generation, now);
            updates = List.of(
                    Conditions.of(READY, ConditionStatus.TRUE, FeatureFlagReasons.SYNCED, synced.summary(), generation,
                            now),
                    Conditions.of(SYNCED, ConditionStatus.TRUE, FeatureFlagReasons.SYNCED, synced.summary(), generation,
                            now),
                    drifted);
        } else if (outcome instanceof SyncOutcome.Invalid invalid) {
            updates = List.of(
                    Conditions.of(READY, ConditionStatus.FALSE, invalid.reason(), invalid.message(), generation, now),
                    Conditions.of(SYNCED, ConditionStatus.FALSE, invalid.reason(),
                            "Unleash was left as it was: " + invalid.message(), generation, now));
        } else {
            SyncOutcome.UnleashFailed failed = (SyncOutcome.UnleashFailed) outcome;
            // Nothing was read or written: keep what the status knew about Unleash, including the generation it was
            // last synced at, so a spec change made meanwhile is not mistaken for drift later.
            observedGeneration = previous == null ? null : previous.observedGeneration();
            updates = List.of(Conditions.of(READY, ConditionStatus.FALSE, failed.reason(), failed.message(),
                    generation, now));
        }
        List<Condition> conditions = Conditions.merge(existing, updates);
        return new FeatureFlagStatus(observedGeneration, phaseOf(conditions), conditions, lastSynced, strategyIds);
    }

    /** The phase the conditions amount to: Error, Invalid, Drifted or Synced. */
    public static String phaseOf(List<Condition> conditions) {
        Condition ready = Conditions.find(conditions, READY).orElse(null);
        if (ready != null && ready.status() != ConditionStatus.TRUE) {
            boolean unleash = FeatureFlagReasons.UNLEASH_UNAVAILABLE.equals(ready.reason())
                    || FeatureFlagReasons.UNLEASH_REJECTED.equals(ready.reason())
                    || FeatureFlagReasons.PROJECT_NOT_ALLOWED.equals(ready.reason())
                    || FeatureFlagReasons.FEATURE_NOT_OWNED.equals(ready.reason());
            return unleash ? PHASE_ERROR : PHASE_INVALID;
        }
        if (Conditions.isTrue(conditions, DRIFTED)) {
            return PHASE_DRIFTED;
        }
        return ready == null ? null : PHASE_SYNCED;
    }
}
