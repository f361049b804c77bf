package dev.bulkhead.analysis.bench;

import dev.bulkhead.analysis.judge.ArmCounts;
import dev.bulkhead.analysis.judge.JudgeConfig;
import dev.bulkhead.analysis.judge.SequentialJudge;
import dev.bulkhead.analysis.judge.TenantHistory;
import dev.bulkhead.analysis.judge.TestState;
import dev.bulkhead.analysis.judge.Verdict;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * (a) Bulkhead: the sequential judge per segment (with its per-tenant rule), one look per minute, rollback on the first
 * FAIL. Each canary tenant is judged against its own pre-exposure history, the segment's stable tenants (or, when it
 * has none, every other segment's) being the control for time, exactly as {@code SegmentAnalyzer} builds its looks.
 * Without history ({@code useHistory} false) it is the judge as it was before tenant histories: canary tenants against
 * the stable tenants directly.
 */
final class SegmentSequentialDetector implements Detector {

    private static final Instant START = Instant.EPOCH.plusSeconds(86_400);

    private final SequentialJudge judge;
    private final boolean useHistory;
    private final TestState[] states = new TestState[Population.SEGMENTS.length];
    private final boolean[] passed = new boolean[Population.SEGMENTS.length];
    private TenantHistory history;
    private String failedSegment;

    SegmentSequentialDetector(JudgeConfig config, boolean useHistory) {
        this.judge = new SequentialJudge(config, Population.SEGMENTS.length, 1);
        this.useHistory = useHistory;
    }

    SegmentSequentialDetector(JudgeConfig config) {
        this(config, true);
    }

    @Override
    public String name() {
        return useHistory ? "Bulkhead per-segment sequential judge" : "Bulkhead judge without tenant histories";
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
    public void history(Population p, double[] events, double[] bad) {
        if (!useHistory) {
            return;
        }
        Map<String, ArmCounts> tenants = new HashMap<>();
        for (int t = 0; t < p.size; t++) {
            if (events[t] > 0) {
                tenants.put("t" + t, new ArmCounts(events[t], bad[t]));
            }
        }
        history = new TenantHistory(START.minusSeconds(86_400), START, tenants);
    }

    @Override
    public boolean observe(Look look) {
        int minute = look.minute();
        Population p = look.population();
        int k = Population.SEGMENTS.length;
        List<Map<String, ArmCounts>> canary = new ArrayList<>();
        List<Map<String, ArmCounts>> control = new ArrayList<>();
        double[] stableEvents = new double[k];
        for (int s = 0; s < k; s++) {
            canary.add(new HashMap<>());
            control.add(new HashMap<>());
        }
        for (int t = 0; t < p.size; t++) {
            if (look.events()[t] <= 0) {
                continue;
            }
            ArmCounts counts = new ArmCounts(look.events()[t], look.bad()[t]);
            int s = look.segment(t);
            (look.canary(t) ? canary : control).get(s).put("t" + t, counts);
            stableEvents[s] += look.stableEvents(t);
        }
        boolean fail = false;
        Instant at = START.plusSeconds(60L * (minute + 1));
        for (int s = 0; s < k; s++) {
            Map<String, ArmCounts> controlTenants = control.get(s);
            String source = null;
            if (!canary.get(s).isEmpty() && stableEvents[s] == 0) {
                controlTenants = new HashMap<>();
                for (int o = 0; o < k; o++) {
                    if (o != s) {
                        controlTenants.putAll(control.get(o));
                    }
                }
                source = "the other segments' stable tenants";
            }
            SequentialJudge.Outcome out = judge.judge(new SequentialJudge.Look(Population.SEGMENTS[s], "availability", 0.001,
                    canary.get(s), controlTenants, at.minusSeconds(60), at, look.bakeComplete()[s], history, source), states[s]);
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
