package dev.bulkhead.engine;

/**
 * Every reason the engine gives for a transition, a notification or a history entry: CamelCase, fit
 * for a Kubernetes condition reason or event reason. Never built inline.
 */
public final class RolloutReasons {

    // Revisions
    public static final String NEW_REVISION = "NewRevision";
    public static final String INITIAL_RELEASE = "InitialRelease";
    public static final String REVISION_SUPERSEDED = "RevisionSuperseded";
    public static final String REVERTED_TO_STABLE = "RevertedToStable";
    public static final String FAST_ROLLBACK = "FastRollback";
    public static final String CANARY_FAILED = "CanaryFailed";

    // Progress
    public static final String STEP_STARTED = "StepStarted";
    /** A step of a listed segment exposes none of its tenants, so it is passed over. */
    public static final String STEP_SKIPPED = "StepSkipped";
    public static final String SEGMENT_RELEASED = "SegmentReleased";
    public static final String ALL_SEGMENTS_RELEASED = "AllSegmentsReleased";
    public static final String PROMOTED = "Promoted";
    public static final String POST_RELEASE_BAKE_PASSED = "PostReleaseBakePassed";

    // What holds the next step
    public static final String AWAITING_MANUAL_GATE = "AwaitingManualGate";
    public static final String WAITING_FOR_SEGMENT_LEASE = "WaitingForSegmentLease";
    public static final String ERROR_BUDGET_EXHAUSTED = "ErrorBudgetExhausted";
    public static final String ERROR_BUDGET_RECOVERED = "ErrorBudgetRecovered";
    public static final String ERROR_BUDGET_OVERRIDDEN = "ErrorBudgetOverridden";
    public static final String ERROR_BUDGET_OVERRIDE_NEEDS_REASON = "ErrorBudgetOverrideNeedsReason";
    public static final String ERROR_BUDGET_OVERRIDE_CLEARED = "ErrorBudgetOverrideCleared";
    public static final String ERROR_BUDGET_OVERRIDE_UNKNOWN_SEGMENT = "ErrorBudgetOverrideUnknownSegment";

    // Verdicts and their reactions
    public static final String SEGMENT_FAILED = "SegmentFailed";
    public static final String SEGMENT_ROLLED_BACK = "SegmentRolledBack";
    public static final String ROLLED_BACK = "RolledBack";
    public static final String FAILED_AWAITING_DECISION = "FailedAwaitingDecision";
    public static final String FROZEN_ON_FAILURE = "FrozenOnFailure";
    public static final String INCONCLUSIVE_LIMIT_REACHED = "InconclusiveLimitReached";
    public static final String NO_DATA_LIMIT_REACHED = "NoDataLimitReached";
    /** The analysis cannot judge (metric source down, stale or partial data): the rollout holds, nothing is pulled back. */
    public static final String ANALYSIS_UNAVAILABLE = "AnalysisUnavailable";
    /** The analysis judges again after being unavailable: the held rollout continues. */
    public static final String ANALYSIS_RECOVERED = "AnalysisRecovered";
    /** Analysis errors outlasted {@code analysisOutageBudget}: {@code onAnalysisError} applies to the step in progress. */
    public static final String ANALYSIS_OUTAGE_BUDGET_EXCEEDED = "AnalysisOutageBudgetExceeded";
    public static final String ENVIRONMENT_INCIDENT = "EnvironmentIncident";
    public static final String POST_RELEASE_FAILURE = "PostReleaseFailure";
    public static final String POST_RELEASE_ROLLED_BACK = "PostReleaseRolledBack";

    // Manual commands
    public static final String PAUSED_BY_USER = "PausedByUser";
    public static final String RESUMED_BY_USER = "ResumedByUser";
    public static final String PROMOTED_BY_USER = "PromotedByUser";
    public static final String PROMOTED_FULLY_BY_USER = "PromotedFullyByUser";
    public static final String ABORTED_BY_USER = "AbortedByUser";
    public static final String RETRIED_BY_USER = "RetriedByUser";
    public static final String COMMAND_NOT_APPLICABLE = "CommandNotApplicable";

    private RolloutReasons() {
    }
}
