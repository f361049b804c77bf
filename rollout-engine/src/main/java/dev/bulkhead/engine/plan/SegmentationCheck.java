package dev.bulkhead.engine.plan;

import dev.bulkhead.engine.plan.SegmentationSpec.SegmentSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Validates a Segmentation: unique names, at most one default segment, a tenant in one segment only. */
final class SegmentationCheck {

    private SegmentationCheck() {
    }

    static Segmentation check(SegmentationSpec spec, List<Problem> problems, List<PlanWarning> warnings) {
        Map<String, List<String>> tenantsBySegment = new LinkedHashMap<>();
        List<SegmentSpec> segments = spec == null || spec.segments() == null ? List.of() : spec.segments();
        if (segments.isEmpty()) {
            problems.add(new Problem(Problem.SEGMENTATION, "spec.segments",
                    "declare at least one segment (an ordered ring of tenants, or a default segment)"));
        }
        String defaultSegment = null;
        // Where each tenant was first listed, as {segment index, tenant index}; the message is only
        // built for a conflict, since segmentations list tens of thousands of tenants.
        Map<String, int[]> firstPlace = new HashMap<>();
        for (int i = 0; i < segments.size(); i++) {
            SegmentSpec segment = segments.get(i);
            String path = "spec.segments[" + i + "]";
            if (segment == null) {
                problems.add(new Problem(Problem.SEGMENTATION, path, "a segment cannot be empty"));
                continue;
            }
            String name = segment.name();
            if (name == null || name.isBlank()) {
                problems.add(new Problem(Problem.SEGMENTATION, path + ".name", "give the segment a name"));
                name = path;
            } else if (tenantsBySegment.containsKey(name)) {
                problems.add(new Problem(Problem.SEGMENTATION, path + ".name",
                        "segment name '" + name + "' is used twice; names must be unique"));
                continue;
            }
            List<String> tenants = segment.tenants() == null ? List.of() : segment.tenants();
            if (Boolean.TRUE.equals(segment.isDefault())) {
                if (defaultSegment != null) {
                    problems.add(new Problem(Problem.SEGMENTATION, path + ".default",
                            "only one segment may be the default; '" + defaultSegment + "' already is"));
                } else {
                    defaultSegment = name;
                }
                if (!tenants.isEmpty()) {
                    problems.add(new Problem(Problem.SEGMENTATION, path + ".tenants",
                            "the default segment receives every unlisted tenant; remove its tenant list"));
                }
                tenantsBySegment.put(name, List.of());
                continue;
            }
            Set<String> seen = new LinkedHashSet<>();
            for (int k = 0; k < tenants.size(); k++) {
                String tenant = tenants.get(k);
                if (tenant == null || tenant.isBlank()) {
                    problems.add(new Problem(Problem.SEGMENTATION, path + ".tenants[" + k + "]", "a tenant key cannot be empty"));
                } else if (!seen.add(tenant)) {
                    warnings.add(new PlanWarning(path + ".tenants[" + k + "]", PlanReasons.DUPLICATE_TENANT,
                            "tenant '" + tenant + "' is listed twice in segment '" + name + "'"));
                } else if (firstPlace.containsKey(tenant)) {
                    int[] first = firstPlace.get(tenant);
                    problems.add(new Problem(Problem.SEGMENTATION, path + ".tenants[" + k + "]", "tenant '" + tenant + "' is already in segment '"
                            + segments.get(first[0]).name() + "' (spec.segments[" + first[0] + "].tenants[" + first[1]
                            + "]); a tenant belongs to one segment"));
                } else {
                    firstPlace.put(tenant, new int[] {i, k});
                }
            }
            List<String> kept = new ArrayList<>();
            for (String tenant : seen) {
                if (firstPlace.get(tenant)[0] == i) {
                    kept.add(tenant);
                }
            }
            tenantsBySegment.put(name, kept);
        }
        return new Segmentation(tenantsBySegment, defaultSegment);
    }
}
