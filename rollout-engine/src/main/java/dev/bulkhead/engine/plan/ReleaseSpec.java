package dev.bulkhead.engine.plan;

import java.util.List;

/**
 * The release part of a Rollout spec as the operator maps it in: {@code spec.plan},
 * {@code spec.rollback}, {@code spec.fastRollbackWindow} and {@code spec.postReleaseBake}. Every field
 * may be null (absent in the resource); {@link Planner} applies the defaults and reports every
 * problem with its field path.
 */
public record ReleaseSpec(
        List<SegmentSteps> segments,
        RollbackSpec rollback,
        String fastRollbackWindow,
        String postReleaseBake) {

    /** An empty spec: every segment of the segmentation with the default steps and policy. */
    public static ReleaseSpec defaults() {
        return new ReleaseSpec(null, null, null, null);
    }

    /** {@code spec.plan.segments[i]}: a segment of the segmentation and its steps. */
    public record SegmentSteps(String name, List<StepSpec> steps) {
    }

    /** {@code spec.plan.segments[i].steps[j]}. */
    public record StepSpec(Integer percent, String bake, Boolean manualGate) {
    }

    /** {@code spec.rollback}; enum-like fields are the lower-case words of the resource. */
    public record RollbackSpec(
            Boolean automatic,
            String scope,
            Boolean keepEarlierSegments,
            String reaction,
            String onInconclusive,
            Integer inconclusiveLimit,
            String onNoData,
            Integer noDataLimit,
            String onAnalysisError,
            Integer consecutiveErrorLimit,
            String analysisOutageBudget) {

        /** Without an outage budget (the default applies). */
        public RollbackSpec(Boolean automatic, String scope, Boolean keepEarlierSegments, String reaction,
                String onInconclusive, Integer inconclusiveLimit, String onNoData, Integer noDataLimit,
                String onAnalysisError, Integer consecutiveErrorLimit) {
            this(automatic, scope, keepEarlierSegments, reaction, onInconclusive, inconclusiveLimit, onNoData, noDataLimit,
                    onAnalysisError, consecutiveErrorLimit, null);
        }
    }
}
