package dev.bulkhead.engine.plan;

import java.util.List;

/**
 * A Segmentation as the operator maps it in, with {@code tenantsFrom} references already resolved
 * into tenant lists. Fields may be null (absent); {@link Planner} validates them.
 */
public record SegmentationSpec(List<SegmentSpec> segments) {

    /** {@code spec.segments[i]}: an ordered ring of tenants, or the default segment. */
    public record SegmentSpec(String name, List<String> tenants, Boolean isDefault) {

        public static SegmentSpec listed(String name, List<String> tenants) {
            return new SegmentSpec(name, tenants, false);
        }

        public static SegmentSpec everyoneElse(String name) {
            return new SegmentSpec(name, List.of(), true);
        }
    }
}
