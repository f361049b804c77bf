package dev.bulkhead.api.v1alpha1;

/**
 * The manual-control annotations on a Rollout, written by people, the kubectl plugin and the dashboard, read by the
 * operator (docs/operator.md, "Manual control"). One definition for all of them.
 */
public final class RolloutAnnotations {

    /** One-shot action: promote, promote-full, pause, resume, abort, retry. The operator removes it once applied. */
    public static final String ACTION = Api.GROUP + "/action";
    /**
     * The action's id (any unique string, e.g. a UUID), so the operator applies each action exactly once: it records the
     * id in {@code status.actions} before removing the annotations. The kubectl plugin and the dashboard set it; for a
     * plain {@code kubectl annotate} the operator sets one before applying the action.
     */
    public static final String ACTION_ID = Api.GROUP + "/action-id";
    /** Who asked for the action. */
    public static final String ACTOR = Api.GROUP + "/actor";
    /** Releases into every segment whose error budget is exhausted, while present; the value is the reason. */
    public static final String OVERRIDE_FREEZE = Api.GROUP + "/override-freeze";
    /** Prefix of the per-segment override: {@code override-freeze.bulkhead.dev/<segment>: <reason>}. */
    public static final String SEGMENT_OVERRIDE_FREEZE_PREFIX = "override-freeze." + Api.GROUP + "/";

    private RolloutAnnotations() {
    }
}
