package dev.bulkhead.analysis.model;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Ordered tenant segments: which segment a tenant belongs to. Tenants listed explicitly win; every other
 * tenant falls into the default segment, if one is declared, and is otherwise outside every segment.
 */
public record Segmentation(List<Segment> segments) {

    /** One ring: its name, its explicit tenants, and whether it receives every unlisted tenant. */
    public record Segment(String name, Set<String> tenants, boolean isDefault) {
        public Segment {
            Objects.requireNonNull(name, "name");
            tenants = Set.copyOf(tenants == null ? Set.of() : tenants);
        }
    }

    public Segmentation {
        if (segments == null || segments.isEmpty()) {
            throw new IllegalArgumentException("segments: at least one segment is required");
        }
        Set<String> names = new HashSet<>();
        Map<String, String> owner = new HashMap<>();
        int defaults = 0;
        for (int i = 0; i < segments.size(); i++) {
            Segment s = segments.get(i);
            if (!names.add(s.name())) {
                throw new IllegalArgumentException("segments[" + i + "].name: '" + s.name() + "' is used twice");
            }
            if (s.isDefault()) {
                defaults++;
            }
            for (String t : s.tenants()) {
                String previous = owner.putIfAbsent(t, s.name());
                if (previous != null) {
                    throw new IllegalArgumentException("segments[" + i + "].tenants: tenant '" + t
                            + "' is already in segment '" + previous + "'");
                }
            }
        }
        if (defaults > 1) {
            throw new IllegalArgumentException("segments: at most one segment may be the default, found " + defaults);
        }
        segments = List.copyOf(segments);
    }

    /** The segment of {@code tenant}, or empty when it is listed nowhere and there is no default segment. */
    public Optional<String> segmentOf(String tenant) {
        String def = null;
        for (Segment s : segments) {
            if (s.tenants().contains(tenant)) {
                return Optional.of(s.name());
            }
            if (s.isDefault()) {
                def = s.name();
            }
        }
        return Optional.ofNullable(def);
    }

    /** Segment names in rollout order. */
    public List<String> names() {
        return segments.stream().map(Segment::name).toList();
    }

    /** Convenience for tests and the CLI: segments in order, none default. */
    public static Segmentation of(Map<String, Set<String>> tenantsBySegment) {
        Map<String, Set<String>> ordered = new LinkedHashMap<>(tenantsBySegment);
        return new Segmentation(ordered.entrySet().stream()
                .map(e -> new Segment(e.getKey(), e.getValue(), false)).toList());
    }
}
