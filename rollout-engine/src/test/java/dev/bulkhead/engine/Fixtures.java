package dev.bulkhead.engine;

import dev.bulkhead.engine.plan.Plan;
import dev.bulkhead.engine.plan.PlanResult;
import dev.bulkhead.engine.plan.Planner;
import dev.bulkhead.engine.plan.ReleaseSpec;
import dev.bulkhead.engine.plan.ReleaseSpec.RollbackSpec;
import dev.bulkhead.engine.plan.ReleaseSpec.SegmentSteps;
import dev.bulkhead.engine.plan.ReleaseSpec.StepSpec;
import dev.bulkhead.engine.plan.SegmentationSpec;
import dev.bulkhead.engine.plan.SegmentationSpec.SegmentSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/** A three-ring plan used across the engine tests: internal → free → paying (the default segment). */
final class Fixtures {

    static final Instant T0 = Instant.parse("2026-11-23T00:00:00Z");
    static final String GROUP = "shop/checkout";
    static final List<String> INTERNAL = tenants("staff", 10);
    static final List<String> FREE = tenants("free", 200);
    static final List<String> PAYING = tenants("acme", 300);

    private Fixtures() {
    }

    static List<String> tenants(String prefix, int n) {
        return IntStream.range(0, n).mapToObj(i -> prefix + "-" + i).toList();
    }

    static SegmentationSpec segmentation() {
        return new SegmentationSpec(List.of(
                SegmentSpec.listed("internal", INTERNAL),
                SegmentSpec.listed("free", FREE),
                SegmentSpec.everyoneElse("paying")));
    }

    static List<String> knownTenants() {
        List<String> all = new ArrayList<>(INTERNAL);
        all.addAll(FREE);
        all.addAll(PAYING);
        return all;
    }

    static ReleaseSpec release(RollbackSpec rollback) {
        return new ReleaseSpec(List.of(
                new SegmentSteps("internal", List.of(new StepSpec(100, "2m", false))),
                new SegmentSteps("free", List.of(new StepSpec(5, "5m", false), new StepSpec(25, "5m", false),
                        new StepSpec(100, "5m", false))),
                new SegmentSteps("paying", List.of(new StepSpec(5, "5m", false), new StepSpec(25, "5m", false),
                        new StepSpec(100, "5m", true)))),
                rollback, "24h", "10m");
    }

    static Plan plan() {
        return plan(null);
    }

    static Plan plan(RollbackSpec rollback) {
        PlanResult result = Planner.plan(GROUP, release(rollback), segmentation(), knownTenants());
        if (!result.valid()) {
            throw new IllegalStateException("fixture plan is invalid: " + result.problems());
        }
        return result.plan().orElseThrow();
    }

    static RollbackSpec rollback(String scope, Boolean keepEarlier, String reaction) {
        return new RollbackSpec(null, scope, keepEarlier, reaction, null, null, null, null, null, null);
    }

    static RollbackSpec holds(String onInconclusive, Integer inconclusiveLimit, String onNoData, Integer noDataLimit,
            String onError, Integer errorLimit) {
        return new RollbackSpec(null, null, null, null, onInconclusive, inconclusiveLimit, onNoData, noDataLimit,
                onError, errorLimit);
    }

    static RollbackSpec manualOnly() {
        return new RollbackSpec(false, null, null, null, null, null, null, null, null, null);
    }
}
