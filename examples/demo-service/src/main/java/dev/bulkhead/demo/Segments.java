package dev.bulkhead.demo;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Which tenants each segment holds, as configured with {@code bulkhead.demo.segments.<name>}. Immutable. */
public final class Segments {

    private final Map<String, Set<String>> tenantsBySegment;

    private Segments(Map<String, Set<String>> tenantsBySegment) {
        this.tenantsBySegment = tenantsBySegment;
    }

    /** Parses tenant lists separated by commas, newlines or both (the Segmentation ConfigMap format). */
    public static Segments parse(Map<String, String> lists) {
        Map<String, Set<String>> parsed = new TreeMap<>();
        lists.forEach((segment, list) -> parsed.put(segment, Collections.unmodifiableSet(tenantKeys(list))));
        return new Segments(Collections.unmodifiableMap(parsed));
    }

    /** The tenant keys of a list: separated by commas or line breaks, trimmed, blanks and {@code #} comments dropped. */
    public static Set<String> tenantKeys(String list) {
        Set<String> tenants = new LinkedHashSet<>();
        for (String line : list.split("\\R")) {
            String content = line.strip();
            if (content.startsWith("#")) {
                continue;
            }
            for (String key : content.split(",")) {
                if (!key.isBlank()) {
                    tenants.add(key.strip());
                }
            }
        }
        return tenants;
    }

    /** The segment names, sorted. */
    public Set<String> names() {
        return tenantsBySegment.keySet();
    }

    /** Whether the tenant belongs to the segment; false for an unknown segment. */
    public boolean contains(String segment, String tenant) {
        return tenantsBySegment.getOrDefault(segment, Set.of()).contains(tenant);
    }
}
