package dev.bulkhead.engine.plan;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A validated segmentation: which segment each tenant belongs to. Listed tenants belong to their
 * segment; every other tenant belongs to the default segment, if there is one.
 */
public final class Segmentation {

    private final Map<String, List<String>> tenantsBySegment;
    private final Map<String, String> segmentByTenant;
    private final String defaultSegment;

    Segmentation(Map<String, List<String>> tenantsBySegment, String defaultSegment) {
        this.tenantsBySegment = new LinkedHashMap<>(tenantsBySegment);
        this.defaultSegment = defaultSegment;
        this.segmentByTenant = new HashMap<>();
        tenantsBySegment.forEach((segment, tenants) -> tenants.forEach(t -> segmentByTenant.put(t, segment)));
    }

    /** Segment names in the segmentation's order. */
    public List<String> segmentNames() {
        return List.copyOf(tenantsBySegment.keySet());
    }

    public Optional<String> defaultSegment() {
        return Optional.ofNullable(defaultSegment);
    }

    /** The tenant's segment: where it is listed, else the default segment, else none. */
    public Optional<String> segmentOf(String tenant) {
        String listed = segmentByTenant.get(tenant);
        return Optional.ofNullable(listed != null ? listed : defaultSegment);
    }

    /**
     * The tenants of a segment. For the default segment these are the {@code knownTenants} (for
     * example from a Tenant list or the tenants seen in metrics) that no segment lists.
     */
    public List<String> tenantsOf(String segment, Collection<String> knownTenants) {
        if (segment.equals(defaultSegment)) {
            List<String> unlisted = new ArrayList<>();
            for (String tenant : knownTenants) {
                if (!segmentByTenant.containsKey(tenant)) {
                    unlisted.add(tenant);
                }
            }
            return unlisted;
        }
        return tenantsBySegment.getOrDefault(segment, List.of());
    }
}
