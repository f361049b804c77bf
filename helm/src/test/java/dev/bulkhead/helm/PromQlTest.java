package dev.bulkhead.helm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromQlTest {

    @Test
    void findsTheSelectedMetricsAndNotFunctionsLabelsOrKeywords() {
        assertThat(PromQl.metricNames("histogram_quantile(0.95, sum by (controller_name, le) "
                + "(rate(reconciliations_execution_duration_seconds_bucket{job=~\"$job\", le!=\"x{y}\"}[5m])))"))
                .containsExactly("reconciliations_execution_duration_seconds_bucket");
    }

    @Test
    void findsBothSidesOfBinaryOperatorsAndBareSelectorsWithOffsets() {
        assertThat(PromQl.metricNames("sum by (segment) (increase(bulkhead_rollbacks_total[10m])) > 0\n"
                + "or sum by (segment) (bulkhead_rollbacks_total unless bulkhead_rollbacks_total offset 10m) > 0"))
                .containsExactly("bulkhead_rollbacks_total");
        assertThat(PromQl.metricNames("sum(a_total) > 0 unless on () sum(increase(b_count[30m])) > 0"))
                .containsExactly("a_total", "b_count");
        assertThat(PromQl.metricNames("absent(up{job=\"bk-bulkhead\"} == 1)")).containsExactly("up");
    }

    @Test
    void skipsARangeRightAfterLabelMatchersEvenWithGrafanaVariables() {
        assertThat(PromQl.metricNames("sum by (segment) (increase(bulkhead_rollbacks_total{job=~\"$job\"}[$__rate_interval]))"))
                .containsExactly("bulkhead_rollbacks_total");
    }

    @Test
    void ignoresStringsAndVectorMatchingLabelLists() {
        assertThat(PromQl.metricNames("x / on (segment) group_left (tenant) y{a='by (z)'}"))
                .containsExactly("x", "y");
    }
}
