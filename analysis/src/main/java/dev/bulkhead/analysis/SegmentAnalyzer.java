package dev.bulkhead.analysis;

import dev.bulkhead.analysis.culprit.CulpritFinder;
import dev.bulkhead.analysis.culprit.CulpritTenant;
import dev.bulkhead.analysis.judge.ArmCounts;
import dev.bulkhead.analysis.judge.IndicatorVerdict;
import dev.bulkhead.analysis.judge.SequentialJudge;
import dev.bulkhead.analysis.judge.TenantHistory;
import dev.bulkhead.analysis.judge.TestState;
import dev.bulkhead.analysis.judge.Verdict;
import dev.bulkhead.analysis.judge.VerdictReasons;
import dev.bulkhead.analysis.model.Durations;
import dev.bulkhead.analysis.model.Indicator;
import dev.bulkhead.analysis.model.ServiceLevelObjective;
import dev.bulkhead.analysis.model.Segmentation;
import dev.bulkhead.analysis.query.EventTable;
import dev.bulkhead.analysis.query.SliQuery;
import dev.bulkhead.analysis.slo.BudgetCalculator;
import dev.bulkhead.analysis.slo.IndicatorBudget;
import dev.bulkhead.analysis.slo.SegmentBudget;
import dev.bulkhead.analysis.slo.SloReport;
import dev.bulkhead.analysis.source.MetricSource;
import dev.bulkhead.analysis.source.MetricSourceException;
import dev.bulkhead.analysis.source.QueryResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The analysis module's entry point for the operator and the CLI. Each look runs one query per indicator (grouped
 * by tenant and version), folds tenants into segments, judges canary against stable per segment with the
 * sequential judge and, for failing segments, ranks the tenants that carry the regression (one more query per
 * failing indicator, over the whole analysis so far). Everything but the {@link MetricSource} is pure.
 */
public final class SegmentAnalyzer {

    private final MetricSource source;
    private final HistoryCache histories;

    public SegmentAnalyzer(MetricSource source) {
        this(source, HistoryCache.none());
    }

    /** @param histories where tenant histories read once are kept for the next looks (shared between looks) */
    public SegmentAnalyzer(MetricSource source, HistoryCache histories) {
        this.source = Objects.requireNonNull(source, "source");
        this.histories = Objects.requireNonNull(histories, "histories");
    }

    /** The stable tenants of every segment but {@code segment} in this window (one map, a view of each segment's). */
    private static Map<String, ArmCounts> stableElsewhere(Map<String, Map<String, ArmCounts>> stableTenants, String segment) {
        Map<String, ArmCounts> out = new java.util.HashMap<>();
        stableTenants.forEach((s, tenants) -> {
            if (!s.equals(segment)) {
                out.putAll(tenants);
            }
        });
        return out;
    }

    /** A query that could not be answered, or data that cannot be judged: the look is not judged. */
    private record Failure(String indicator, String reason, String message) {
    }

    /**
     * Runs one look. Metric-source failures become ERROR verdicts, never exceptions; bad requests throw. A look with
     * an ERROR judges nothing and moves no test: its window is added to the next look's, so no evidence is lost.
     */
    public SegmentAnalysis analyze(AnalysisRequest request) {
        ServiceLevelObjective slo = request.slo();
        Instant at = request.evaluationTime();
        AnalysisState previous = request.previous();
        Instant windowStart = previous == null ? at.minus(request.interval()) : previous.lastEvaluatedAt();
        if (!windowStart.isBefore(at)) {
            throw new IllegalArgumentException("evaluation time " + at + " must be after the previous look at " + windowStart);
        }
        Duration window = Duration.between(windowStart, at);
        Instant startedAt = previous == null ? windowStart : previous.startedAt();
        // The false-rollback rate is split over every segment of the Segmentation and every indicator of the rollout's
        // SLOs, not only the ones judged so far: the split must not change while a rollout exposes more segments.
        SequentialJudge judge = new SequentialJudge(request.judge(), request.segmentation().names().size(),
                request.indicatorsForSplit());
        Set<String> versions = new TreeSet<>(List.of(request.canaryVersion(), request.stableVersion()));

        List<String> warnings = new ArrayList<>();
        Map<String, EventTable> tables = new LinkedHashMap<>();
        Map<String, TenantHistory> historyByIndicator = new LinkedHashMap<>();
        Failure failure = null;
        for (Indicator indicator : slo.indicators()) {
            try {
                QueryResult result = source.query(SliQuery.build(indicator, window, slo.tenantLabel(), slo.versionLabel(), versions), at);
                EventTable table = EventTable.from(result, slo.tenantLabel(), slo.versionLabel(), indicator.form() instanceof Indicator.Latency);
                DataProblem problem = dataProblem(indicator, request, table, result, at);
                if (problem != null) {
                    failure = new Failure(indicator.name(), problem.reason(), problem.message());
                    break;
                }
                List<String> unsegmented = table.unsegmentedTenants(request.segmentation());
                if (!unsegmented.isEmpty()) {
                    warnings.add("indicator " + indicator.name() + ": " + unsegmented.size()
                            + " tenants belong to no segment and are ignored, e.g. " + unsegmented.subList(0, Math.min(5, unsegmented.size())));
                }
                tables.put(indicator.name(), table);
                if (request.historyWindow() != null) {
                    historyByIndicator.put(indicator.name(), history(request, indicator, startedAt));
                }
            } catch (MetricSourceException e) {
                failure = new Failure(indicator.name(), switch (e.kind()) {
                    case REJECTED -> VerdictReasons.QUERY_REJECTED;
                    case UNAUTHORIZED -> VerdictReasons.METRIC_SOURCE_UNAUTHORIZED;
                    case UNAVAILABLE -> VerdictReasons.METRIC_SOURCE_UNAVAILABLE;
                    case MALFORMED -> VerdictReasons.METRIC_SOURCE_MALFORMED;
                }, e.getMessage());
                break;
            }
        }
        if (failure != null) {
            return unjudged(request, failure, windowStart, startedAt, warnings);
        }

        Map<String, List<IndicatorVerdict>> verdicts = new LinkedHashMap<>();
        request.segments().forEach(s -> verdicts.put(s, new ArrayList<>()));
        List<TestState> nextTests = new ArrayList<>();
        for (Indicator indicator : slo.indicators()) {
            EventTable table = tables.get(indicator.name());
            Map<String, Map<String, ArmCounts>> canaryTenants = table.tenantsBySegment(request.segmentation(), request.canaryVersion());
            Map<String, Map<String, ArmCounts>> stableTenants = table.tenantsBySegment(request.segmentation(), request.stableVersion());
            TenantHistory history = historyByIndicator.get(indicator.name());
            for (String segment : request.segments()) {
                TestState prior = previous == null ? null : previous.test(segment, indicator.name()).orElse(null);
                Map<String, ArmCounts> canary = canaryTenants.getOrDefault(segment, Map.of());
                Map<String, ArmCounts> control = stableTenants.getOrDefault(segment, Map.of());
                String controlSource = null;
                if (!canary.isEmpty() && control.values().stream().noneMatch(a -> a.events() > 0)) {
                    // Every tenant of this segment is exposed: the control for time is the other segments' stable tenants
                    // in the same window (same time and environment; each tenant is still held to its own history).
                    control = stableElsewhere(stableTenants, segment);
                    controlSource = "the other segments' stable tenants (every tenant of this segment is exposed)";
                }
                SequentialJudge.Look look = new SequentialJudge.Look(segment, indicator.name(), indicator.errorAllowance(),
                        canary, control, windowStart, at, request.bakeComplete(segment), history, controlSource);
                SequentialJudge.Outcome outcome = judge.judge(look, prior);
                verdicts.get(segment).add(outcome.verdict());
                nextTests.add(outcome.state());
            }
        }

        List<SegmentVerdict> segments = new ArrayList<>();
        for (Map.Entry<String, List<IndicatorVerdict>> e : verdicts.entrySet()) {
            SegmentVerdict v = combine(e.getKey(), e.getValue());
            if (v.verdict() == Verdict.FAIL) {
                v = withCulprits(v, request, startedAt, window, tables, warnings);
            }
            segments.add(v);
        }
        SloReport budgets = request.includeBudgets()
                ? evaluateSlo(slo, request.segmentation(), request.segments(), at, request.canaryVersion())
                : null;
        AnalysisState state = new AnalysisState(startedAt, at, nextTests);
        return new SegmentAnalysis(at, windowStart, segments, state, budgets, warnings);
    }

    /**
     * Every tenant's counts over the history window before the rollout, for one indicator: one grouped query, read once
     * per rollout (the window ends in the past, so the answer does not change) and kept in {@link HistoryCache}.
     */
    private TenantHistory history(AnalysisRequest request, Indicator indicator, Instant startedAt) {
        ServiceLevelObjective slo = request.slo();
        Instant end = request.historyEnd() != null ? request.historyEnd() : startedAt;
        Instant from = end.minus(request.historyWindow());
        String query = SliQuery.buildHistory(indicator, request.historyWindow(), slo.tenantLabel(), slo.versionLabel(),
                request.canaryVersion());
        String key = query + "\n@" + end;
        Optional<TenantHistory> cached = histories.get(key);
        if (cached.isPresent()) {
            return cached.get();
        }
        QueryResult result = source.query(query, end);
        EventTable table = EventTable.from(result, slo.tenantLabel(), slo.versionLabel(), indicator.form() instanceof Indicator.Latency);
        TenantHistory history = new TenantHistory(from, end, table.byTenantExcept(request.canaryVersion()));
        histories.put(key, history);
        return history;
    }

    /** A look that judges nothing: ERROR for every segment, and the previous state kept so its window is not lost. */
    private static SegmentAnalysis unjudged(AnalysisRequest request, Failure failure, Instant windowStart, Instant startedAt,
            List<String> warnings) {
        List<SegmentVerdict> segments = new ArrayList<>();
        for (String segment : request.segments()) {
            IndicatorVerdict error = IndicatorVerdict.error(failure.indicator(), failure.reason(), failure.message()
                    + " (this window is judged with the next look's)");
            segments.add(combine(segment, List.of(error)));
        }
        AnalysisState kept = request.previous() != null ? request.previous()
                : new AnalysisState(startedAt, windowStart, List.of());
        return new SegmentAnalysis(request.evaluationTime(), windowStart, segments, kept, null, warnings);
    }

    /**
     * Burn rates over the SLO's windows and the remaining budget over its SLO window, for each segment and, when
     * {@code canaryVersion} is given, for the canary's own traffic in each segment. One query per indicator and
     * window; failed queries leave the indicator out and add a warning.
     */
    public SloReport evaluateSlo(ServiceLevelObjective slo, Segmentation segmentation, List<String> segments, Instant at,
            String canaryVersion) {
        List<String> judged = segments == null || segments.isEmpty() ? segmentation.names() : segments;
        Set<Duration> windows = new TreeSet<>();
        slo.burnRateWindows().forEach(w -> {
            windows.add(w.longWindow());
            windows.add(w.shortWindow());
        });
        windows.add(slo.window());
        List<String> warnings = new ArrayList<>();
        Map<String, List<IndicatorBudget>> bySegment = new LinkedHashMap<>();
        judged.forEach(s -> bySegment.put(s, new ArrayList<>()));
        for (Indicator indicator : slo.indicators()) {
            Map<Duration, Map<String, Map<String, ArmCounts>>> counts = new LinkedHashMap<>();
            boolean failed = false;
            for (Duration w : windows) {
                try {
                    QueryResult result = source.query(SliQuery.build(indicator, w, slo.tenantLabel(), slo.versionLabel(), Set.of()), at);
                    EventTable table = EventTable.from(result, slo.tenantLabel(), slo.versionLabel(),
                            indicator.form() instanceof Indicator.Latency);
                    if (!result.warnings().isEmpty()) {
                        warnings.add("indicator " + indicator.name() + ", window " + Durations.format(w)
                                + ": Prometheus warned " + result.warnings());
                    }
                    counts.put(w, table.bySegment(segmentation));
                } catch (MetricSourceException e) {
                    warnings.add("indicator " + indicator.name() + ", window " + Durations.format(w) + ": " + e.getMessage());
                    failed = true;
                    break;
                }
            }
            if (failed) {
                continue;
            }
            for (String segment : judged) {
                Map<Duration, ArmCounts> all = new LinkedHashMap<>();
                Map<Duration, ArmCounts> canary = new LinkedHashMap<>();
                counts.forEach((w, segs) -> {
                    Map<String, ArmCounts> versions = segs.getOrDefault(segment, Map.of());
                    all.put(w, versions.values().stream().reduce(ArmCounts.EMPTY, ArmCounts::plus));
                    if (canaryVersion != null) {
                        canary.put(w, versions.getOrDefault(canaryVersion, ArmCounts.EMPTY));
                    }
                });
                bySegment.get(segment).add(BudgetCalculator.compute(indicator, "segment", slo.burnRateWindows(), slo.window(),
                        all, slo.freezeBelowBudget()));
                if (canaryVersion != null) {
                    bySegment.get(segment).add(BudgetCalculator.compute(indicator, "canary", slo.burnRateWindows(),
                            slo.window(), canary, slo.freezeBelowBudget()));
                }
            }
        }
        List<SegmentBudget> out = new ArrayList<>();
        bySegment.forEach((s, list) -> out.add(new SegmentBudget(s, list)));
        return new SloReport(slo.name(), at, out, warnings);
    }

    /** Why data cannot be judged: a CamelCase reason and a sentence. */
    private record DataProblem(String reason, String message) {
    }

    /** Null when the data can be judged. */
    private static DataProblem dataProblem(Indicator indicator, AnalysisRequest request, EventTable table, QueryResult result,
            Instant at) {
        if (!result.warnings().isEmpty()) {
            return new DataProblem(VerdictReasons.PARTIAL_DATA, "Prometheus returned warnings, so the data may be incomplete: " + result.warnings());
        }
        if (!table.problems().isEmpty()) {
            return new DataProblem(VerdictReasons.QUERY_SHAPE, String.join("; ", table.problems()));
        }
        if (table.missingGoodBucket()) {
            Indicator.Latency l = (Indicator.Latency) indicator.form();
            return new DataProblem(VerdictReasons.BUCKET_NOT_FOUND, "the histogram has no bucket le=\"" + l.le()
                    + "\"; latency.le must equal one of its bucket boundary label values exactly");
        }
        if (indicator.form() instanceof Indicator.Raw) {
            return null;
        }
        Duration maxStaleness = request.judge().maxStaleness();
        Map<String, Map<String, ArmCounts>> bySegment = table.bySegment(request.segmentation());
        for (String version : List.of(request.canaryVersion(), request.stableVersion())) {
            boolean hasData = bySegment.values().stream().anyMatch(m -> m.containsKey(version));
            Instant last = table.lastSample().get(version);
            if (hasData && last == null) {
                return new DataProblem(VerdictReasons.STALE_DATA, "version " + version + " has counts in the window but no sample in Prometheus' lookback at "
                        + at + "; its series stopped being scraped");
            }
            if (last != null && Duration.between(last, at).compareTo(maxStaleness) > 0) {
                return new DataProblem(VerdictReasons.STALE_DATA, "the newest sample of version " + version + " is from " + last + ", "
                        + Durations.format(Duration.between(last, at)) + " before the evaluation time (limit "
                        + Durations.format(maxStaleness) + ")");
            }
        }
        return null;
    }

    private static SegmentVerdict combine(String segment, List<IndicatorVerdict> indicators) {
        IndicatorVerdict decisive = indicators.get(0);
        for (IndicatorVerdict i : indicators) {
            if (Verdict.worst(decisive.verdict(), i.verdict()) != decisive.verdict()) {
                decisive = i;
            }
        }
        String message = "indicator " + decisive.indicator() + ": " + decisive.message();
        return new SegmentVerdict(segment, decisive.verdict(), decisive.reason(), message, indicators, List.of());
    }

    private SegmentVerdict withCulprits(SegmentVerdict v, AnalysisRequest request, Instant startedAt, Duration window,
            Map<String, EventTable> tables, List<String> warnings) {
        ServiceLevelObjective slo = request.slo();
        Instant at = request.evaluationTime();
        Duration sinceStart = Duration.between(startedAt, at);
        List<CulpritTenant> culprits = new ArrayList<>();
        for (IndicatorVerdict iv : v.indicators()) {
            if (iv.verdict() != Verdict.FAIL) {
                continue;
            }
            Indicator indicator = slo.indicator(iv.indicator());
            EventTable table = tables.get(indicator.name());
            if (!sinceStart.equals(window) || table == null) {
                try {
                    Set<String> versions = new TreeSet<>(List.of(request.canaryVersion(), request.stableVersion()));
                    QueryResult result = source.query(SliQuery.build(indicator, sinceStart, slo.tenantLabel(), slo.versionLabel(),
                            versions), at);
                    table = EventTable.from(result, slo.tenantLabel(), slo.versionLabel(), indicator.form() instanceof Indicator.Latency);
                } catch (MetricSourceException e) {
                    warnings.add("segment " + v.segment() + ", indicator " + indicator.name()
                            + ": cannot break the failure down by tenant: " + e.getMessage());
                    continue;
                }
            }
            Map<String, ArmCounts> canaryTenants = table.tenants(request.segmentation(), v.segment(), request.canaryVersion());
            Map<String, Map<String, ArmCounts>> bySegment = table.bySegment(request.segmentation());
            ArmCounts stable = bySegment.getOrDefault(v.segment(), Map.of()).getOrDefault(request.stableVersion(), ArmCounts.EMPTY);
            if (stable.events() == 0) {
                // A wholly exposed segment: blame against the same control its verdict used.
                for (Map.Entry<String, Map<String, ArmCounts>> e : bySegment.entrySet()) {
                    if (!e.getKey().equals(v.segment())) {
                        stable = stable.plus(e.getValue().getOrDefault(request.stableVersion(), ArmCounts.EMPTY));
                    }
                }
            }
            culprits.addAll(CulpritFinder.rank(indicator.name(), canaryTenants, stable, request.judge().culpritFamilyRate()));
        }
        culprits.sort(Comparator.comparingDouble(CulpritTenant::excessBad).reversed());
        return new SegmentVerdict(v.segment(), v.verdict(), v.reason(), v.message(), v.indicators(), culprits);
    }
}
