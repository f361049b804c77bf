package dev.bulkhead.analysis.query;

import dev.bulkhead.analysis.judge.ArmCounts;
import dev.bulkhead.analysis.model.Segmentation;
import dev.bulkhead.analysis.source.QueryResult;
import dev.bulkhead.analysis.source.Sample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The answer of one {@link SliQuery}: events and bad events per tenant and version, the newest raw sample per
 * version, and what looked wrong with the data. {@link #bySegment} folds tenants into segments.
 */
public final class EventTable {

    private final Map<String, Map<String, ArmCounts>> byTenant;
    private final Map<String, Instant> lastSample;
    private final List<String> problems;
    private final boolean missingGoodBucket;
    /** The last segmentation folded with, and its results: a look folds the same table several times. */
    private Segmentation foldedWith;
    private Map<String, String> segmentOfTenant;
    private Map<String, Map<String, ArmCounts>> folded;

    private EventTable(Map<String, Map<String, ArmCounts>> byTenant, Map<String, Instant> lastSample,
            List<String> problems, boolean missingGoodBucket) {
        this.byTenant = byTenant;
        this.lastSample = lastSample;
        this.problems = problems;
        this.missingGoodBucket = missingGoodBucket;
    }

    /**
     * Reads a query result. Bad events of latency indicators are {@code total − good}; for the other forms a
     * missing bad part means no bad events (a counter such as {@code code=~"5.."} has no series until the first
     * error).
     */
    public static EventTable from(QueryResult result, String tenantLabel, String versionLabel, boolean latency) {
        Map<String, Map<String, double[]>> raw = new HashMap<>();
        Map<String, Instant> last = new HashMap<>();
        List<String> problems = new ArrayList<>();
        boolean sawGood = false;
        int unlabelled = 0;
        for (Sample s : result.samples()) {
            String part = s.label(SliQuery.PART_LABEL);
            if (SliQuery.LAST_SAMPLE.equals(part)) {
                if (!Double.isNaN(s.value())) {
                    last.merge(s.label(versionLabel), Instant.ofEpochMilli(Math.round(s.value() * 1000)),
                            (a, b) -> a.isAfter(b) ? a : b);
                }
                continue;
            }
            String tenant = s.label(tenantLabel);
            String version = s.label(versionLabel);
            if (tenant.isEmpty() || version.isEmpty()) {
                unlabelled++;
                continue;
            }
            double v = Double.isNaN(s.value()) ? 0 : s.value();
            double[] cell = raw.computeIfAbsent(tenant, t -> new HashMap<>(4)).computeIfAbsent(version, x -> new double[] {0, 0, 0});
            switch (part) {
                case SliQuery.BAD -> cell[0] += v;
                case SliQuery.GOOD -> {
                    cell[1] += v;
                    sawGood = true;
                }
                case SliQuery.TOTAL -> cell[2] += v;
                default -> problems.add("unexpected series without a " + SliQuery.PART_LABEL + " label: " + s.labels());
            }
        }
        if (unlabelled > 0) {
            problems.add(unlabelled + " series lack the '" + tenantLabel + "' or '" + versionLabel
                    + "' label; the query must keep both (sum by (" + tenantLabel + ", " + versionLabel + "))");
        }
        Map<String, Map<String, ArmCounts>> byTenant = new HashMap<>();
        raw.forEach((tenant, versions) -> versions.forEach((version, c) -> {
            double bad = latency ? Math.max(0, c[2] - c[1]) : c[0];
            byTenant.computeIfAbsent(tenant, t -> new HashMap<>(4)).put(version, new ArmCounts(Math.max(0, c[2]), Math.max(0, bad)));
        }));
        boolean totals = byTenant.values().stream().flatMap(m -> m.values().stream()).anyMatch(a -> a.events() > 0);
        return new EventTable(byTenant, last, problems, latency && totals && !sawGood);
    }

    /** Counts per segment and version; tenants outside every segment are skipped. */
    public Map<String, Map<String, ArmCounts>> bySegment(Segmentation segmentation) {
        fold(segmentation);
        return folded;
    }

    /** Counts of one version per tenant of one segment. */
    public Map<String, ArmCounts> tenants(Segmentation segmentation, String segment, String version) {
        fold(segmentation);
        Map<String, ArmCounts> out = new TreeMap<>();
        segmentOfTenant.forEach((tenant, seg) -> {
            ArmCounts counts = byTenant.get(tenant).get(version);
            if (seg.equals(segment) && counts != null) {
                out.put(tenant, counts);
            }
        });
        return out;
    }

    /**
     * Counts per tenant over every version but {@code excludedVersion} (a tenant's history: whatever served it, except the
     * revision under judgement). Tenants served only by that version are absent.
     */
    public Map<String, ArmCounts> byTenantExcept(String excludedVersion) {
        Map<String, ArmCounts> out = new HashMap<>(byTenant.size() * 2);
        byTenant.forEach((tenant, versions) -> {
            ArmCounts sum = ArmCounts.EMPTY;
            for (Map.Entry<String, ArmCounts> v : versions.entrySet()) {
                if (!v.getKey().equals(excludedVersion)) {
                    sum = sum.plus(v.getValue());
                }
            }
            if (sum.events() > 0) {
                out.put(tenant, sum);
            }
        });
        return out;
    }

    /** Counts of one version per tenant, grouped by segment, in one pass (a look needs every segment's). */
    public Map<String, Map<String, ArmCounts>> tenantsBySegment(Segmentation segmentation, String version) {
        fold(segmentation);
        Map<String, Map<String, ArmCounts>> out = new HashMap<>();
        segmentOfTenant.forEach((tenant, seg) -> {
            ArmCounts counts = byTenant.get(tenant).get(version);
            if (counts != null) {
                out.computeIfAbsent(seg, x -> new HashMap<>()).put(tenant, counts);
            }
        });
        return out;
    }

    private synchronized void fold(Segmentation segmentation) {
        if (segmentation == foldedWith) {
            return;
        }
        Map<String, String> index = new HashMap<>();
        Map<String, Map<String, ArmCounts>> out = new LinkedHashMap<>();
        byTenant.forEach((tenant, versions) -> {
            Optional<String> segment = segmentation.segmentOf(tenant);
            segment.ifPresent(seg -> {
                index.put(tenant, seg);
                versions.forEach((version, counts) ->
                        out.computeIfAbsent(seg, x -> new HashMap<>()).merge(version, counts, ArmCounts::plus));
            });
        });
        segmentOfTenant = index;
        folded = out;
        foldedWith = segmentation;
    }

    /** Tenants seen in the data that belong to no segment. */
    public List<String> unsegmentedTenants(Segmentation segmentation) {
        fold(segmentation);
        return new ArrayList<>(new TreeSet<>(byTenant.keySet().stream()
                .filter(t -> !segmentOfTenant.containsKey(t)).toList()));
    }

    /** Newest raw sample per version (empty for raw indicators, which cannot be asked). */
    public Map<String, Instant> lastSample() {
        return lastSample;
    }

    /** Whether any series at all came back. */
    public boolean isEmpty() {
        return byTenant.isEmpty();
    }

    /** A latency indicator's totals came back without its {@code le} bucket: {@code le} is not a bucket boundary. */
    public boolean missingGoodBucket() {
        return missingGoodBucket;
    }

    public List<String> problems() {
        return problems;
    }
}
