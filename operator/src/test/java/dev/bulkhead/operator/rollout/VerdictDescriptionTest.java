package dev.bulkhead.operator.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkhead.analysis.VerdictRecord;
import dev.bulkhead.analysis.judge.Verdict;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class VerdictDescriptionTest {

    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

    @Test
    void aSegmentRegressionReadsAsTheCanarysNumbers() {
        VerdictRecord r = new VerdictRecord(T0, T0, "paying", Verdict.FAIL, "RelevantRegression", "availability", 124, 34,
                11348, 0, 34 / 124.0, 0, 63.99, 5.99, List.of("stark"));

        assertThat(RolloutStatusBuilder.describe(r)).isEqualTo("Fail on availability: canary 34 bad of 124 (27.419%) vs stable 0 "
                + "of 11348 (0.000%); statistic 63.99 against threshold 5.99 (RelevantRegression)");
    }

    @Test
    void aTenantRegressionNamesTheTenantWhoseNumbersItShows() {
        VerdictRecord r = new VerdictRecord(T0, T0, "paying", Verdict.FAIL, "TenantRegression", "availability", 100, 5,
                20000, 20, 0.05, 0.001, 11.2, 10.44, List.of("wayne", "stark"));

        assertThat(RolloutStatusBuilder.describe(r)).isEqualTo("Fail on availability: tenant wayne on canary 5 bad of 100 "
                + "(5.000%) vs stable 20 of 20000 (0.100%); statistic 11.20 against threshold 10.44 (TenantRegression)");
    }
}
