package dev.bulkhead.engine.plan;

import dev.bulkhead.engine.plan.ReleaseSpec.SegmentSteps;
import dev.bulkhead.engine.plan.ReleaseSpec.StepSpec;
import dev.bulkhead.engine.tenant.BucketedTenants;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Builds the {@link Plan} from a Rollout's release spec and a Segmentation, applying the defaults and
 * returning every problem with its field path. Segments absent from {@code spec.plan.segments} take
 * the segmentation's order; steps absent from a segment take 5% → 25% → 100%, 10 minutes each.
 */
public final class Planner {

    public static final List<Step> DEFAULT_STEPS = List.of(
            new Step(5, Duration.ofMinutes(10), false),
            new Step(25, Duration.ofMinutes(10), false),
            new Step(100, Duration.ofMinutes(10), false));
    public static final Duration DEFAULT_FAST_ROLLBACK_WINDOW = Duration.ofHours(24);
    public static final Duration DEFAULT_POST_RELEASE_BAKE = Duration.ofMinutes(10);

    private Planner() {
    }

    /**
     * @param groupId      the Unleash group id of this rollout (one per rollout, e.g. namespace/name)
     * @param knownTenants tenants the operator knows of; they populate the default segment
     */
    public static PlanResult plan(String groupId, ReleaseSpec release, SegmentationSpec segmentationSpec,
            Collection<String> knownTenants) {
        List<Problem> problems = new ArrayList<>();
        List<PlanWarning> warnings = new ArrayList<>();
        if (groupId == null || groupId.isBlank()) {
            problems.add(new Problem(Problem.ROLLOUT, "metadata.name", "the rollout needs a name: it is the tenant group id"));
        }
        Segmentation segmentation = SegmentationCheck.check(segmentationSpec, problems, warnings);
        ReleaseSpec spec = release == null ? ReleaseSpec.defaults() : release;
        List<SegmentSteps> planned = spec.segments() == null || spec.segments().isEmpty()
                ? segmentation.segmentNames().stream().map(n -> new SegmentSteps(n, null)).toList()
                : spec.segments();

        List<SegmentPlan> segments = new ArrayList<>();
        List<StepExposure> exposures = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        Collection<String> known = knownTenants == null ? List.of() : knownTenants;
        for (int i = 0; i < planned.size(); i++) {
            String path = "spec.plan.segments[" + i + "]";
            SegmentSteps entry = planned.get(i);
            String name = entry == null ? null : entry.name();
            if (name == null || !segmentation.segmentNames().contains(name)) {
                problems.add(new Problem(Problem.ROLLOUT, path + ".name", "segment '" + name
                        + "' is not in the segmentation; use one of " + segmentation.segmentNames()));
                continue;
            }
            if (!seen.add(name)) {
                problems.add(new Problem(Problem.ROLLOUT, path + ".name",
                        "segment '" + name + "' is planned twice; list each segment once"));
                continue;
            }
            List<Step> steps = steps(entry.steps(), path, problems);
            BucketedTenants tenants = BucketedTenants.of(groupId == null ? "" : groupId,
                    segmentation.tenantsOf(name, known));
            boolean isDefault = segmentation.defaultSegment().filter(name::equals).isPresent();
            segments.add(new SegmentPlan(name, isDefault, tenants, steps));
            if (tenants.size() == 0) {
                warnings.add(new PlanWarning(path, PlanReasons.EMPTY_SEGMENT, "segment '" + name
                        + "' has no known tenant; its steps expose nobody and will see no data"));
            }
            for (int j = 0; j < steps.size(); j++) {
                int exposed = tenants.exposedCount(steps.get(j).percent());
                exposures.add(new StepExposure(name, j, steps.get(j).percent(), exposed, tenants.size()));
                if (exposed == 0 && tenants.size() > 0) {
                    warnings.add(new PlanWarning(path + ".steps[" + j + "].percent", PlanReasons.STEP_EXPOSES_NOBODY,
                            steps.get(j).percent() + "% of segment '" + name + "' (" + tenants.size()
                                    + " tenants) exposes no tenant; raise the percent or drop the step"));
                }
            }
        }
        for (String name : segmentation.segmentNames()) {
            if (!seen.contains(name)) {
                warnings.add(new PlanWarning("spec.plan.segments", PlanReasons.SEGMENT_NOT_PLANNED, "segment '"
                        + name + "' is not in the plan; its tenants first get the revision at promotion"));
            }
        }
        RollbackPolicy policy = RollbackPolicyCheck.check(spec.rollback(), problems);
        Duration fastRollbackWindow = duration(spec.fastRollbackWindow(), "spec.fastRollbackWindow",
                DEFAULT_FAST_ROLLBACK_WINDOW, problems);
        Duration postReleaseBake = duration(spec.postReleaseBake(), "spec.postReleaseBake",
                DEFAULT_POST_RELEASE_BAKE, problems);
        Plan plan = problems.isEmpty()
                ? new Plan(groupId, segments, policy, fastRollbackWindow, postReleaseBake)
                : null;
        return new PlanResult(plan, problems, warnings, exposures);
    }

    private static List<Step> steps(List<StepSpec> specs, String segmentPath, List<Problem> problems) {
        if (specs == null || specs.isEmpty()) {
            return DEFAULT_STEPS;
        }
        List<Step> steps = new ArrayList<>();
        int previous = 0;
        for (int j = 0; j < specs.size(); j++) {
            String path = segmentPath + ".steps[" + j + "]";
            StepSpec spec = specs.get(j);
            if (spec == null || spec.percent() == null) {
                problems.add(new Problem(Problem.ROLLOUT, path + ".percent", "set the percent of tenants, 1 to 100"));
                continue;
            }
            int percent = spec.percent();
            if (percent < 1 || percent > 100) {
                problems.add(new Problem(Problem.ROLLOUT, path + ".percent",
                        "percent is " + percent + "; it must be between 1 and 100"));
            } else if (percent <= previous) {
                problems.add(new Problem(Problem.ROLLOUT, path + ".percent", "percent " + percent
                        + " must be greater than the previous step's " + previous + "; steps only widen exposure"));
            }
            if (j == specs.size() - 1 && percent != 100) {
                problems.add(new Problem(Problem.ROLLOUT, path + ".percent", "the last step is " + percent
                        + "%; end the segment with a 100% step so that it is fully released"));
            }
            previous = Math.max(previous, percent);
            Duration bake = duration(spec.bake(), path + ".bake", Duration.ZERO, problems);
            steps.add(new Step(percent, bake, Boolean.TRUE.equals(spec.manualGate())));
        }
        return steps;
    }

    static Duration duration(String text, String path, Duration fallback, List<Problem> problems) {
        if (text == null) {
            return fallback;
        }
        return DurationText.parse(text).orElseGet(() -> {
            problems.add(new Problem(Problem.ROLLOUT, path, "'" + text
                    + "' is not a duration; write it like 30s, 5m, 1h30m or 30d"));
            return fallback;
        });
    }
}
