package dev.bulkhead.operator.rollout;

import dev.bulkhead.analysis.AnalysisRequest;
import dev.bulkhead.analysis.AnalysisState;
import dev.bulkhead.analysis.HistoryCache;
import dev.bulkhead.analysis.SegmentAnalysis;
import dev.bulkhead.analysis.SegmentAnalyzer;
import dev.bulkhead.analysis.SegmentVerdict;
import dev.bulkhead.analysis.VerdictHistory;
import dev.bulkhead.analysis.VerdictRecord;
import dev.bulkhead.analysis.culprit.CulpritTenant;
import dev.bulkhead.analysis.model.ServiceLevelObjective;
import dev.bulkhead.analysis.source.LookDeadline;
import dev.bulkhead.analysis.source.MetricSource;
import dev.bulkhead.engine.Event;
import dev.bulkhead.engine.TenantTraffic;
import dev.bulkhead.engine.state.Phase;
import dev.bulkhead.engine.state.RolloutState;
import dev.bulkhead.engine.state.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One analysis look of a rollout: for every SLO, one grouped query per indicator judges each exposed segment,
 * canary against stable; the worst verdict across SLOs is the segment's. The sequential tests' state comes from
 * and goes back to {@link EngineRecord}, so looks tile time without overlap across operator restarts.
 */
public final class AnalysisRound {

    /**
     * The engine events of this look, the record to persist, the worst verdict by segment, and by segment the canary's
     * own burn rate since the revision's first look (the highest across SLO indicators).
     */
    public record Outcome(List<Event.SegmentVerdict> events, EngineRecord record, Map<String, SegmentVerdict> verdicts,
            Map<String, Double> canaryBurnRates) {
    }

    /** A look's deadline when none is configured ({@code bulkhead.analysis.look-timeout}). */
    public static final Duration DEFAULT_LOOK_TIMEOUT = Duration.ofSeconds(30);
    /** Tenant histories of the rollouts in flight: each is read once per indicator and rollout, not at every look. */
    private static final int HISTORY_CACHE_ENTRIES = 512;

    private final MetricSource metrics;
    private final java.time.Clock clock;
    private final Duration lookTimeout;
    private final HistoryCache histories = new HistoryCache(HISTORY_CACHE_ENTRIES);

    /**
     * @param lookTimeout the deadline of one look, all its queries together ({@link LookDeadline})
     */
    public AnalysisRound(MetricSource metrics, java.time.Clock clock, Duration lookTimeout) {
        this.metrics = metrics;
        this.clock = clock;
        this.lookTimeout = lookTimeout;
    }

    public AnalysisRound(MetricSource metrics) {
        this(metrics, java.time.Clock.systemUTC(), DEFAULT_LOOK_TIMEOUT);
    }

    /** Whether a look is due: tenants are exposed in a progressing rollout and the interval has passed. */
    public static boolean due(EngineRecord record, RolloutState state, Duration interval, Instant now) {
        if (state.phase() != Phase.PROGRESSING || state.exposedSegments().isEmpty()) {
            return false;
        }
        return record.lastAnalysisAt() == null || !now.isBefore(record.lastAnalysisAt().plus(interval));
    }

    public Outcome run(RolloutInputs inputs, EngineRecord record, String canaryVersion, String stableVersion,
            Set<String> bakedSegments, Instant now) {
        RolloutState state = record.state();
        boolean fresh = !state.revision().equals(record.analyzedRevision());
        Map<String, AnalysisState> previous = fresh ? Map.of() : record.analysis();
        // Every planned segment is looked at from the first look on, so each collects its own stable rate before it is
        // exposed (its baseline once all its tenants are); only exposed segments' verdicts reach the engine.
        List<String> judged = inputs.plan().segments().stream().map(dev.bulkhead.engine.plan.SegmentPlan::name).toList();
        List<String> exposed = state.exposedSegments();
        var segmentation = RolloutMapping.segmentation(inputs.tenants());

        Map<String, SegmentVerdict> worst = new LinkedHashMap<>();
        Map<String, Double> canaryBurn = new LinkedHashMap<>();
        Map<String, AnalysisState> nextStates = new HashMap<>();
        List<VerdictRecord> records = new ArrayList<>();
        MetricSource look = new LookDeadline(metrics, clock, lookTimeout);
        List<ServiceLevelObjective> slos = inputs.slos().stream()
                .map(resource -> RolloutMapping.slo(resource, inputs.tenantLabel(), inputs.tenants())).toList();
        // The false-rollback rate is the rollout's, so it is split over every indicator of every SLO it is judged by.
        int indicators = slos.stream().mapToInt(slo -> slo.indicators().size()).sum();
        for (ServiceLevelObjective slo : slos) {
            AnalysisState prior = previous.get(slo.name());
            if (prior != null && !prior.lastEvaluatedAt().isBefore(now)) {
                continue;
            }
            AnalysisRequest request = new AnalysisRequest(slo, segmentation, judged, canaryVersion, stableVersion,
                    inputs.analysis().judge(), now, inputs.analysis().interval(), bakedSegments, false, prior,
                    inputs.analysis().historyWindow(), null, indicators);
            SegmentAnalysis analysis = new SegmentAnalyzer(look, histories).analyze(request);
            nextStates.put(slo.name(), analysis.state());
            for (SegmentVerdict verdict : analysis.segments()) {
                if (!exposed.contains(verdict.segment())) {
                    continue;
                }
                worst.merge(verdict.segment(), verdict, AnalysisRound::worse);
                canaryBurn(slo, verdict).ifPresent(burn -> canaryBurn.merge(verdict.segment(), burn, Math::max));
                records.add(VerdictRecord.of(analysis.evaluatedAt(), analysis.windowStart(), verdict));
            }
        }
        List<Event.SegmentVerdict> events = new ArrayList<>();
        for (SegmentVerdict verdict : worst.values()) {
            events.add(new Event.SegmentVerdict(verdict.segment(), Verdict.valueOf(verdict.verdict().name()),
                    verdict.message(), traffic(verdict.culprits())));
        }
        Map<String, AnalysisState> kept = new HashMap<>(previous);
        kept.putAll(nextStates);
        EngineRecord next = new EngineRecord(state, state.revision(), kept, now,
                VerdictHistory.append(record.verdicts(), records, EngineRecord.VERDICT_LIMIT));
        return new Outcome(events, next, worst, canaryBurn);
    }

    /**
     * The canary's burn rate in a segment from the judge's own cumulative counts (no extra query): its bad-event ratio
     * over each indicator's error allowance, the highest across indicators; empty before any canary event.
     */
    static java.util.Optional<Double> canaryBurn(ServiceLevelObjective slo, SegmentVerdict verdict) {
        return verdict.indicators().stream()
                .filter(i -> i.evidence() != null && i.evidence().canary().events() > 0)
                .map(i -> i.evidence().canaryRate() / slo.indicator(i.indicator()).errorAllowance())
                .max(Double::compare);
    }

    private static SegmentVerdict worse(SegmentVerdict a, SegmentVerdict b) {
        var w = dev.bulkhead.analysis.judge.Verdict.worst(a.verdict(), b.verdict());
        return w == a.verdict() ? a : b;
    }

    /** The canary's counts per tenant the culprit breakdown measured, for customer impact. */
    private static List<TenantTraffic> traffic(List<CulpritTenant> culprits) {
        Map<String, TenantTraffic> byTenant = new LinkedHashMap<>();
        for (CulpritTenant c : culprits) {
            byTenant.merge(c.tenant(), new TenantTraffic(c.tenant(), Math.round(c.canaryEvents()), Math.round(c.canaryBad())),
                    (x, y) -> new TenantTraffic(x.tenant(), Math.max(x.requests(), y.requests()), Math.max(x.errors(), y.errors())));
        }
        return List.copyOf(byTenant.values());
    }
}
