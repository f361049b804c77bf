package dev.bulkhead.operator.featureflag;

import java.util.List;

/** What one reconcile of a FeatureFlag found and did: the input of its status. */
public sealed interface SyncOutcome {

    /**
     * Unleash now holds the desired state.
     *
     * @param summary a sentence on what Unleash holds, e.g. the feature and its strategies
     * @param wrote   whether this reconcile had to write to Unleash (creation, spec change, drift correction)
     * @param drift   what had been changed by hand since Bulkhead last wrote, one sentence each; empty when nothing
     */
    record Synced(String summary, boolean wrote, List<String> drift) implements SyncOutcome {
        public Synced {
            drift = List.copyOf(drift);
        }
    }

    /** The spec (or its Segmentation) cannot be mapped to Unleash; Unleash was left as it was. */
    record Invalid(String reason, String message) implements SyncOutcome {
    }

    /** Unleash failed; nothing was changed and the status keeps what it knew. */
    record UnleashFailed(String reason, String message) implements SyncOutcome {
    }
}
