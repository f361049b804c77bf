package dev.bulkhead.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulkhead.analysis.cli.AnalyzeCommand;
import dev.bulkhead.analysis.judge.ArmCounts;
import dev.bulkhead.analysis.judge.IndicatorVerdict;
import dev.bulkhead.analysis.judge.JudgeConfig;
import dev.bulkhead.analysis.judge.SequentialJudge;
import dev.bulkhead.analysis.judge.TenantRegression;
import dev.bulkhead.analysis.judge.TenantTest;
import dev.bulkhead.analysis.judge.TestState;
import dev.bulkhead.analysis.judge.Verdict;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StateSerialisationTest {

    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    @Test
    void analysisStateSurvivesAJsonRoundTripLikeTheRolloutStatus() throws Exception {
        SequentialJudge judge = new SequentialJudge(JudgeConfig.defaults(), 2, 1);
        TestState test = judge.judge(new SequentialJudge.Look("paying", "availability", 0.001, new ArmCounts(1000, 3),
                new ArmCounts(9000, 9), T0, T0.plusSeconds(60), false), null).state();
        test = judge.judge(new SequentialJudge.Look("paying", "availability", 0.001, new ArmCounts(1000, 1),
                new ArmCounts(9000, 10), T0, T0.plusSeconds(60), false), test).state();
        AnalysisState state = new AnalysisState(T0, T0.plusSeconds(120), List.of(test));

        ObjectMapper json = AnalyzeCommand.json();
        String text = json.writeValueAsString(state);
        AnalysisState back = json.readValue(text, AnalysisState.class);

        assertThat(back).isEqualTo(state);
        assertThat(back.test("paying", "availability").orElseThrow().passLogLr()).hasSize(6);
        assertThat(text.length()).isLessThan(1200);
    }

    @Test
    void perTenantTestsSurviveAJsonRoundTripAndOlderStatesReadWithoutThem() throws Exception {
        SequentialJudge judge = new SequentialJudge(JudgeConfig.defaults(), 2, 1);
        TestState test = judge.judge(new SequentialJudge.Look("paying", "availability", 0.001,
                Map.of("p1", new ArmCounts(100, 2), "p2", new ArmCounts(900, 1)), Map.of("s", new ArmCounts(9000, 9)),
                T0, T0.plusSeconds(60), false, null, null), null).state();
        AnalysisState state = new AnalysisState(T0, T0.plusSeconds(60), List.of(test));
        ObjectMapper json = AnalyzeCommand.json();

        AnalysisState back = json.readValue(json.writeValueAsString(state), AnalysisState.class);

        assertThat(back).isEqualTo(state);
        assertThat(back.tests().get(0).tenants()).extracting(TenantTest::tenant).containsExactlyInAnyOrder("p1", "p2");
        ObjectNode older = (ObjectNode) json.valueToTree(state);
        ((ObjectNode) older.get("tests").get(0)).remove("tenants");
        assertThat(json.treeToValue(older, AnalysisState.class).tests().get(0).tenants()).isEmpty();
    }

    @Test
    void aTenantRegressionRecordNamesTheTenantWithItsNumbers() throws Exception {
        SequentialJudge judge = new SequentialJudge(JudgeConfig.defaults(), 1, 1);
        TestState state = null;
        IndicatorVerdict v = null;
        for (int i = 0; i < 10 && (v == null || v.verdict() != Verdict.FAIL); i++) {
            SequentialJudge.Outcome out = judge.judge(new SequentialJudge.Look("paying", "availability", 0.001,
                    Map.of("p1", new ArmCounts(100, 5), "p2", new ArmCounts(1900, 2)), Map.of("s", new ArmCounts(20_000, 20)),
                    T0, T0.plusSeconds(60), false, null, null), state);
            state = out.state();
            v = out.verdict();
        }
        assertThat(v.reason()).isEqualTo("TenantRegression");
        TenantRegression t = v.evidence().tenantRegressions().get(0);

        VerdictRecord r = VerdictRecord.of(T0, T0, new SegmentVerdict("paying", v.verdict(), v.reason(), v.message(),
                List.of(v), List.of()));

        assertThat(r.culpritTenants()).containsExactly("p1");
        assertThat(r.canaryEvents()).isEqualTo(t.events());
        assertThat(r.canaryBad()).isEqualTo(t.bad());
        assertThat(r.stableEvents()).isEqualTo(v.evidence().stable().events());
        assertThat(r.statistic()).isEqualTo(t.statistic()).isGreaterThanOrEqualTo(r.threshold());
        ObjectMapper json = AnalyzeCommand.json();
        assertThat(json.readValue(json.writeValueAsString(r), VerdictRecord.class)).isEqualTo(r);
    }

    @Test
    void verdictRecordsCarryTheDecidingNumbersAndSurviveJson() throws Exception {
        SequentialJudge judge = new SequentialJudge(JudgeConfig.defaults(), 1, 1);
        IndicatorVerdict noCanary = judge.judge(new SequentialJudge.Look("paying", "availability", 0.001, ArmCounts.EMPTY,
                new ArmCounts(9000, 9), T0, T0.plusSeconds(60), false), null).verdict();
        SegmentVerdict segment = new SegmentVerdict("paying", noCanary.verdict(), noCanary.reason(), noCanary.message(),
                List.of(noCanary), List.of());

        VerdictRecord r = VerdictRecord.of(T0.plusSeconds(60), T0, segment);

        assertThat(r.verdict()).isEqualTo(Verdict.NO_DATA);
        assertThat(r.stableEvents()).isEqualTo(9000.0);
        assertThat(r.canaryRate()).isNaN();
        ObjectMapper json = AnalyzeCommand.json();
        assertThat(json.readValue(json.writeValueAsString(r), VerdictRecord.class)).isEqualTo(r);
    }

    @Test
    void aPassOnThePassBoundaryRecordsThePassStatisticAndItsThreshold() {
        SequentialJudge judge = new SequentialJudge(JudgeConfig.defaults().withMinSamples(40), 1, 1);
        TestState state = null;
        IndicatorVerdict v = null;
        // The power check may pass first; the looks go on until the pass boundary itself is crossed.
        for (int i = 0; i < 200 && (v == null || !v.reason().equals("RegressionBelowRelevantSize")); i++) {
            SequentialJudge.Outcome out = judge.judge(new SequentialJudge.Look("paying", "availability", 0.001,
                    new ArmCounts(2000, 20), new ArmCounts(8000, 80), T0, T0.plusSeconds(60), false), state);
            state = out.state();
            v = out.verdict();
        }
        assertThat(v.reason()).isEqualTo("RegressionBelowRelevantSize");

        VerdictRecord r = VerdictRecord.of(T0, T0, new SegmentVerdict("paying", v.verdict(), v.reason(), v.message(),
                List.of(v), List.of()));

        assertThat(r.statistic()).isEqualTo(v.evidence().passStatistic()).isGreaterThanOrEqualTo(r.threshold());
        assertThat(r.threshold()).isEqualTo(v.evidence().passThreshold());
    }

    @Test
    void historyKeepsTheNewestRecords() {
        List<VerdictRecord> history = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            VerdictRecord r = new VerdictRecord(T0.plusSeconds(60L * i), T0, "paying", Verdict.INCONCLUSIVE, "Observing",
                    "availability", 1000, 1, 9000, 9, 0.001, 0.001, -1, 6, List.of());
            history = VerdictHistory.append(history, List.of(r), 3);
        }
        assertThat(history).hasSize(3).extracting(VerdictRecord::evaluatedAt)
                .containsExactly(T0.plusSeconds(120), T0.plusSeconds(180), T0.plusSeconds(240));
    }
}
