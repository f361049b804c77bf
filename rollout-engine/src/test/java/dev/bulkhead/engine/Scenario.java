package dev.bulkhead.engine;

import dev.bulkhead.engine.plan.Plan;
import dev.bulkhead.engine.state.Phase;
import dev.bulkhead.engine.state.RolloutState;
import dev.bulkhead.engine.state.SegmentState;
import dev.bulkhead.engine.state.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Drives the engine through events with a moving test clock, as the operator would. */
final class Scenario {

    final RolloutEngine engine;
    RolloutState state = RolloutState.initial();
    Instant now = Fixtures.T0;
    Decision last;
    final List<Decision> decisions = new ArrayList<>();

    Scenario(Plan plan) {
        this.engine = new RolloutEngine(plan);
    }

    /** A rollout whose stable already runs v1 (released and baked). */
    static Scenario withStable(Plan plan) {
        Scenario s = new Scenario(plan);
        s.on(new Event.NewRevision("v1"));
        s.on(new Event.PromotionComplete("v1"));
        s.after(plan.postReleaseBake()).on(new Event.Tick());
        if (s.state.phase() != Phase.RELEASED || !"v1".equals(s.state.stableRevision())) {
            throw new IllegalStateException("could not establish stable v1: " + s.state);
        }
        return s;
    }

    /** v1 stable, v2 deployed, canary ready: the internal segment is at its first step. */
    static Scenario progressing(Plan plan) {
        Scenario s = withStable(plan);
        s.on(new Event.NewRevision("v2"));
        s.on(new Event.CanaryReady("v2"));
        return s;
    }

    Decision on(Event event) {
        last = engine.decide(state, event, now);
        decisions.add(last);
        state = last.state();
        return last;
    }

    Scenario after(Duration d) {
        now = now.plus(d);
        return this;
    }

    Decision verdict(String segment, Verdict verdict) {
        return on(Event.SegmentVerdict.of(segment, verdict));
    }

    /** Passes the current step: a pass verdict after its bake. */
    Decision passStep(String segment, Duration bake) {
        after(bake);
        return verdict(segment, Verdict.PASS);
    }

    SegmentState seg(String name) {
        return state.segment(name).orElseThrow();
    }
}
