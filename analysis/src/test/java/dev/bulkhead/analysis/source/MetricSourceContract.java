package dev.bulkhead.analysis.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link MetricSource} adapter keeps, run against each adapter by a subclass. The adapter's
 * backend holds the samples of {@link #OPEN_METRICS}: counter {@code contract_requests_total} of tenant acme on v1,
 * 0 at {@link #T0} rising by 60 per minute for 10 minutes.
 */
public abstract class MetricSourceContract {

    /** 2026-01-01T00:00:00Z. */
    protected static final long T0 = 1_767_225_600L;
    protected static final String OPEN_METRICS = openMetrics();

    /** The adapter under test, backed by {@link #OPEN_METRICS}. */
    protected abstract MetricSource source();

    private static String openMetrics() {
        StringBuilder sb = new StringBuilder("# TYPE contract_requests counter\n");
        for (int i = 0; i <= 40; i++) {
            sb.append("contract_requests_total{tenant=\"acme\",version=\"v1\"} ").append(i * 15).append(' ').append(T0 + i * 15L).append('\n');
        }
        return sb.append("# EOF\n").toString();
    }

    @Test
    void evaluatesAtTheGivenTimeAndKeepsLabels() {
        QueryResult result = source().query("sum by (tenant, version) (increase(contract_requests_total[5m]))",
                Instant.ofEpochSecond(T0 + 600));
        assertThat(result.samples()).singleElement().satisfies(s -> {
            assertThat(s.labels()).containsEntry("tenant", "acme").containsEntry("version", "v1");
            assertThat(s.value()).isCloseTo(300.0, within(1e-9));
            assertThat(s.timestamp()).isEqualTo(Instant.ofEpochSecond(T0 + 600));
        });
        assertThat(result.warnings()).isEmpty();
    }

    @Test
    void aTimeWithoutDataIsAnEmptyResultNotAnError() {
        assertThat(source().query("contract_requests_total", Instant.ofEpochSecond(T0 - 86_400)).samples()).isEmpty();
    }

    @Test
    void aRejectedQueryIsRejectedWithTheSourcesMessage() {
        assertThatThrownBy(() -> source().query("sum(contract_requests_total", Instant.ofEpochSecond(T0)))
                .isInstanceOfSatisfying(MetricSourceException.class,
                        e -> assertThat(e.kind()).isEqualTo(MetricSourceException.Kind.REJECTED))
                .hasMessageContaining("parse error");
    }

    @Test
    void idempotent() {
        Instant at = Instant.ofEpochSecond(T0 + 300);
        String q = "sum(contract_requests_total)";
        assertThat(source().query(q, at)).isEqualTo(source().query(q, at));
    }
}
