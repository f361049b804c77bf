package dev.bulkhead.analysis.bench;

import dev.bulkhead.analysis.judge.ArmCounts;
import dev.bulkhead.analysis.judge.JudgeConfig;
import dev.bulkhead.analysis.judge.SequentialJudge;
import dev.bulkhead.analysis.judge.TestState;
import dev.bulkhead.analysis.judge.Verdict;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * (a) Bulkhead: the sequential judge per segment (with its per-tenant rule), one look per minute, rollback on the first
 * FAIL.
 */
final class SegmentSequentialDetector implements Detector {

    private final SequentialJudge judge;
    private final TestState[] states = new TestState[Population.SEGMENTS.length];
    private final boolean[] passed = new boolean[Population.SEGMENTS.length];
    private String failedSegment;

    SegmentSequentialDetector(JudgeConfig config) {
        this.judge = new SequentialJudge(config, Population.SEGMENTS.length, 1);
    }

    @Override
    public String name() {
        return "Bulkhead per-segment sequential judge";
    }

    String failedSegment() {
        return failedSegment;
    }

    TestState state(int segment) {
        return states[segment];
    }

    @Override
    public boolean passed(int segment) {
        return passed[segment];
    }

    @Override
    public boolean observe(Look look) {
        int minute = look.minute();
        Population p = look.population();
        double[] events = look.events();
        double[] bad = look.bad();
        int k = Population.SEGMENTS.length;
        double[] ce = new double[k];
        double[] cb = new double[k];
        double[] se = new double[k];
        double[] sb = new double[k];
        List<Map<String, ArmCounts>> canaryTenants = new ArrayList<>();
        for (int s = 0; s < k; s++) {
            canaryTenants.add(new HashMap<>());
        }
        for (int t = 0; t < p.size; t++) {
            if (p.canary[t]) {
                ce[p.segment[t]] += events[t];
                cb[p.segment[t]] += bad[t];
                if (events[t] > 0) {
                    canaryTenants.get(p.segment[t]).put("t" + t, new ArmCounts(events[t], bad[t]));
                }
            } else {
                se[p.segment[t]] += events[t];
                sb[p.segment[t]] += bad[t];
            }
        }
        boolean fail = false;
        Instant at = Instant.EPOCH.plusSeconds(60L * minute);
        for (int s = 0; s < k; s++) {
            SequentialJudge.Outcome out = judge.judge(new SequentialJudge.Look(Population.SEGMENTS[s], "availability", 0.001,
                    new ArmCounts(ce[s], cb[s]), new ArmCounts(se[s], sb[s]), at.minusSeconds(60), at, look.bakeComplete()[s], null,
                    canaryTenants.get(s)), states[s]);
            states[s] = out.state();
            passed[s] |= out.verdict().verdict() == Verdict.PASS;
            if (out.verdict().verdict() == Verdict.FAIL && !fail) {
                fail = true;
                failedSegment = Population.SEGMENTS[s];
            }
        }
        return fail;
    }
}
