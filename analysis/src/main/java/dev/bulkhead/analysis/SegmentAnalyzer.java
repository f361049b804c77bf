package dev.bulkhead.analysis;

import dev.bulkhead.analysis.culprit.CulpritFinder;
import dev.bulkhead.analysis.culprit.CulpritTenant;
import dev.bulkhead.analysis.judge.ArmCounts;
import dev.bulkhead.analysis.judge.IndicatorVerdict;
import dev.bulkhead.analysis.judge.SequentialJudge;
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

    public SegmentAnalyzer(MetricSource source) {
        this.source = Objects.requireNonNull(source, "source");
    }

    /** The stable traffic of every segment but {@code segment} in this window. */
    private static ArmCounts stableElsewhere(Map<String, Map<String, ArmCounts>> bySegment, String segment, String stableVersion) {
        ArmCounts sum = ArmCounts.EMPTY;
        for (Map.Entry<String, Map<String, ArmCounts>> e : bySegment.entrySet()) {
            if (!e.getKey().equals(segment)) {
                sum = sum.plus(e.getValue().getOrDefault(stableVersion, ArmCounts.EMPTY));
            }
        }
        return sum;
    }

    /** Runs one look. Metric-source failures become ERROR verdicts, never exceptions; bad requests throw. */
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
        // The false-rollback rate is split over every segment of the Segmentation, not only the ones judged so far:
        // the split must not change while a rollout exposes more segments, or a test's threshold would move under it.
        SequentialJudge judge = new SequentialJudge(request.judge(), request.segmentation().names().size(),
                slo.indicators().size());
        Set<String> versions = new TreeSet<>(List.of(request.canaryVersion(), request.stableVersion()));

        List<String> warnings = new ArrayList<>();
        Map<String, List<IndicatorVerdict>> verdicts = new LinkedHashMap<>();
        request.segments().forEach(s -> verdicts.put(s, new ArrayList<>()));
        List<TestState> nextTests = new ArrayList<>();
        Map<String, EventTable> tablesByIndicator = new LinkedHashMap<>();

        for (Indicator indicator : slo.indicators()) {
            String query = SliQuery.build(indicator, window, slo.tenantLabel(), slo.versionLabel(), versions);
            EventTable table;
            String failure = null;
            String failureReason = null;
            try {
                QueryResult result = source.query(query, at);
                table = EventTable.from(result, slo.tenantLabel(), slo.versionLabel(), indicator.form() instanceof Indicator.Latency);
                DataProblem problem = dataProblem(indicator, request, table, result, at);
                failureReason = problem == null ? null : problem.reason();
                failure = problem == null ? null : problem.message();
                List<String> unsegmented = table.unsegmentedTenants(request.segmentation());
                if (!unsegmented.isEmpty()) {
                    warnings.add("indicator " + indicator.name() + ": " + unsegmented.size()
                            + " tenants belong to no segment and are ignored, e.g. " + unsegmented.subList(0, Math.min(5, unsegmented.size())));
                }
            } catch (MetricSourceException e) {
                table = null;
                failureReason = switch (e.kind()) {
                    case REJECTED -> VerdictReasons.QUERY_REJECTED;
                    case UNAUTHORIZED -> VerdictReasons.METRIC_SOURCE_UNAUTHORIZED;
                    case UNAVAILABLE -> VerdictReasons.METRIC_SOURCE_UNAVAILABLE;
                    case MALFORMED -> VerdictReasons.METRIC_SOURCE_MALFORMED;
                };
                failure = e.getMessage();
            }
            Map<String, Map<String, ArmCounts>> bySegment = table == null ? Map.of() : table.bySegment(request.segmentation());
            Map<String, Map<String, ArmCounts>> canaryTenants = table == null ? Map.of()
                    : table.tenantsBySegment(request.segmentation(), request.canaryVersion());
            if (table != null && failure == null) {
                tablesByIndicator.put(indicator.name(), table);
            }
            for (String segment : request.segments()) {
                TestState prior = previous == null ? null : previous.test(segment, indicator.name()).orElse(null);
                if (failure != null) {
                    verdicts.get(segment).add(IndicatorVerdict.error(indicator.name(), failureReason, failure));
                    if (prior != null) {
                        nextTests.add(prior);
                    }
                    continue;
                }
                Map<String, ArmCounts> arms = bySegment.getOrDefault(segment, Map.of());
                ArmCounts stable = arms.getOrDefault(request.stableVersion(), ArmCounts.EMPTY);
                ArmCounts canary = arms.getOrDefault(request.canaryVersion(), ArmCounts.EMPTY);
                String control = null;
                Double baseline = null;
                if (stable.events() == 0 && canary.events() > 0) {
                    if (prior != null && prior.stable().events() >= request.judge().minSamples()) {
                        // Every tenant of the segment is exposed now: its own stable rate from before is the baseline
                        // (segments are judged from the first look of a rollout on, exposed or not, to collect it).
                        baseline = SequentialJudge.smoothedRate(prior.stable());
                        control = String.format(java.util.Locale.ROOT, " (baseline: this segment's own stable rate before "
                                + "exposure, %.3f%% over %.0f events)", 100 * baseline, prior.stable().events());
                    } else {
                        // Exposed whole from its first look: the concurrent control is the other segments' stable
                        // traffic in the same window (same time and environment, other tenants).
                        stable = stableElsewhere(bySegment, segment, request.stableVersion());
                        control = stable.events() > 0
                                ? " (stable control: other segments' stable traffic, as every tenant of this segment is exposed)"
                                : null;
                    }
                }
                SequentialJudge.Look look = new SequentialJudge.Look(segment, indicator.name(), indicator.errorAllowance(),
                        canary, stable, windowStart, at, request.bakeComplete(segment), baseline,
                        canaryTenants.getOrDefault(segment, Map.of()));
                SequentialJudge.Outcome outcome = judge.judge(look, prior);
                IndicatorVerdict verdict = outcome.verdict();
                if (control != null) {
                    verdict = new IndicatorVerdict(verdict.indicator(), verdict.verdict(), verdict.reason(),
                            verdict.message() + control, verdict.evidence());
                }
                verdicts.get(segment).add(verdict);
                nextTests.add(outcome.state());
            }
        }

        List<SegmentVerdict> segments = new ArrayList<>();
        for (Map.Entry<String, List<IndicatorVerdict>> e : verdicts.entrySet()) {
            SegmentVerdict v = combine(e.getKey(), e.getValue());
            if (v.verdict() == Verdict.FAIL) {
                v = withCulprits(v, request, startedAt, window, tablesByIndicator, warnings);
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
                stable = stableElsewhere(bySegment, v.segment(), request.stableVersion());
            }
            culprits.addAll(CulpritFinder.rank(indicator.name(), canaryTenants, stable, request.judge().culpritFamilyRate()));
        }
        culprits.sort(Comparator.comparingDouble(CulpritTenant::excessBad).reversed());
        return new SegmentVerdict(v.segment(), v.verdict(), v.reason(), v.message(), v.indicators(), culprits);
    }
}
