package dev.bulkhead.engine.bench;

import dev.bulkhead.engine.Action;
import dev.bulkhead.engine.Decision;
import dev.bulkhead.engine.Event;
import dev.bulkhead.engine.RolloutEngine;
import dev.bulkhead.engine.plan.Plan;
import dev.bulkhead.engine.plan.PlanResult;
import dev.bulkhead.engine.plan.Planner;
import dev.bulkhead.engine.plan.ReleaseSpec;
import dev.bulkhead.engine.plan.SegmentationSpec;
import dev.bulkhead.engine.plan.SegmentationSpec.SegmentSpec;
import dev.bulkhead.engine.state.RolloutState;
import dev.bulkhead.engine.state.RolloutStateJson;
import dev.bulkhead.engine.state.Verdict;
import dev.bulkhead.engine.tenant.TenantBucket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Planning and tenant assignment for 100,000 tenants in 10 segments (10,000 each), the size the
 * issue asks for. Run: {@code ./mvnw -B -pl rollout-engine -Pbench test-compile exec:exec}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class PlanningBenchmark {

    static final int SEGMENTS = 10;
    static final int TENANTS_PER_SEGMENT = 10_000;
    static final String GROUP = "bench/checkout";

    private SegmentationSpec segmentation;
    private List<String> allTenants;
    private RolloutEngine engine;
    private RolloutState progressing;
    private Instant now;

    @Setup(Level.Trial)
    public void setUp() {
        List<SegmentSpec> segments = new ArrayList<>();
        allTenants = new ArrayList<>();
        for (int s = 0; s < SEGMENTS; s++) {
            List<String> tenants = new ArrayList<>();
            for (int t = 0; t < TENANTS_PER_SEGMENT; t++) {
                tenants.add("segment-" + s + "-tenant-" + t);
            }
            allTenants.addAll(tenants);
            segments.add(SegmentSpec.listed("segment-" + s, tenants));
        }
        segmentation = new SegmentationSpec(segments);
        Plan plan = plan();
        engine = new RolloutEngine(plan);
        now = Instant.parse("2026-11-23T00:00:00Z");
        RolloutState state = engine.decide(RolloutState.initial(), new Event.NewRevision("v1"), now).state();
        state = engine.decide(state, new Event.PromotionComplete("v1"), now).state();
        state = engine.decide(state, new Event.NewRevision("v2"), now).state();
        progressing = engine.decide(state, new Event.CanaryReady("v2"), now).state();
        now = now.plus(Duration.ofHours(1));
        if (decideNextStep().actions(Action.SetExposure.class).stream().noneMatch(e -> e.percent() == 25)) {
            throw new IllegalStateException("the benchmarked decision does not move segment-0 to 25%");
        }
    }

    private Plan plan() {
        PlanResult result = Planner.plan(GROUP, ReleaseSpec.defaults(), segmentation, List.of());
        return result.plan().orElseThrow(() -> new IllegalStateException(result.problems().toString()));
    }

    /** Validate both specs, bucket 100,000 tenants, report every step's real exposure. */
    @Benchmark
    public PlanResult planFromSpecs() {
        return Planner.plan(GROUP, ReleaseSpec.defaults(), segmentation, List.of());
    }

    /** The Unleash bucket of every one of the 100,000 tenants (assignment without a plan). */
    @Benchmark
    public void bucketEveryTenant(Blackhole bh) {
        for (String tenant : allTenants) {
            bh.consume(TenantBucket.of(GROUP, tenant));
        }
    }

    /**
     * One decision that moves segment-0 from 5% to 25% (a pass after the bake): state in, next state
     * and the exposure action with its 2,500-odd tenants out.
     */
    @Benchmark
    public Decision decideNextStep() {
        return engine.decide(progressing, Event.SegmentVerdict.of("segment-0", Verdict.PASS), now);
    }

    /** Serialise and read back the state, as the operator does with the Rollout status. */
    @Benchmark
    public RolloutState stateRoundTrip() {
        return RolloutStateJson.read(RolloutStateJson.write(progressing));
    }
}
