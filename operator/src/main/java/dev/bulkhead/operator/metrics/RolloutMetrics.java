package dev.bulkhead.operator.metrics;

import dev.bulkhead.engine.state.Phase;
import dev.bulkhead.engine.state.RolloutState;
import dev.bulkhead.engine.state.SegmentState;
import dev.bulkhead.engine.state.SegmentStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The release domain as metrics, for dashboards and alerts (tags are low-cardinality: phase, segment, verdict):
 * <ul>
 * <li>{@code bulkhead_rollouts{phase}}: rollouts per phase;</li>
 * <li>{@code bulkhead_verdicts_total{segment,verdict}}: analysis verdicts;</li>
 * <li>{@code bulkhead_rollbacks_total{segment}}: segments rolled back;</li>
 * <li>{@code bulkhead_analysis_seconds}: one analysis look (all SLOs of a rollout);</li>
 * <li>{@code bulkhead_rollback_seconds}: from the start of the look whose verdict failed a segment to that segment's
 * exposure being withdrawn in the flag store or route, in the same reconcile.</li>
 * </ul>
 */
public final class RolloutMetrics {

    private final MeterRegistry registry;
    private final Map<String, Phase> phases = new ConcurrentHashMap<>();

    public RolloutMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (Phase phase : Phase.values()) {
            Gauge.builder("bulkhead_rollouts", phases, m -> m.values().stream().filter(phase::equals).count())
                    .description("Rollouts per phase").tag("phase", word(phase)).register(registry);
        }
    }

    /** One reconcile's outcome for rollout {@code key} (namespace/name). */
    public void observe(String key, RolloutState before, RolloutState after) {
        phases.put(key, after.phase());
        for (SegmentState segment : after.segments()) {
            boolean wasRolledBack = before.segment(segment.segment()).map(s -> s.status() == SegmentStatus.ROLLED_BACK).orElse(false);
            if (segment.status() == SegmentStatus.ROLLED_BACK && !wasRolledBack) {
                Counter.builder("bulkhead_rollbacks_total").description("Segments rolled back")
                        .tag("segment", segment.segment()).register(registry).increment();
            }
        }
    }

    public void verdict(String segment, String verdict) {
        Counter.builder("bulkhead_verdicts_total").description("Analysis verdicts by segment")
                .tag("segment", segment).tag("verdict", verdict.toLowerCase(Locale.ROOT)).register(registry).increment();
    }

    public void analysis(Duration elapsed) {
        Timer.builder("bulkhead_analysis_seconds").description("One analysis look of a rollout").register(registry)
                .record(elapsed);
    }

    public void rollback(Duration verdictToWithdrawn) {
        DistributionSummary.builder("bulkhead_rollback_seconds").baseUnit("seconds")
                .description("From the failing look's start to the segment's exposure withdrawn")
                .publishPercentileHistogram().register(registry).record(verdictToWithdrawn.toNanos() / 1e9);
    }

    /** The rollout was deleted. */
    public void forget(String key) {
        phases.remove(Objects.requireNonNull(key));
    }

    private static String word(Phase phase) {
        return phase.name().toLowerCase(Locale.ROOT);
    }
}
