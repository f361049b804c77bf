package dev.bulkhead.operator.segmentation;

import dev.bulkhead.api.v1alpha1.ConfigMapKeyReference;
import dev.bulkhead.api.v1alpha1.SegmentDefinition;
import dev.bulkhead.api.v1alpha1.SegmentationSpec;
import dev.bulkhead.engine.plan.SegmentationSpec.SegmentSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Resolves a Segmentation's tenant lists, inline or from ConfigMap keys, into the engine's model. A missing
 * ConfigMap or key is a problem with the field path, never an empty segment: an empty list would silently move
 * those tenants into the default segment.
 */
public final class TenantLists {

    /** The resolved segmentation, or the problems that stopped it. */
    public record Resolved(dev.bulkhead.engine.plan.SegmentationSpec spec, List<String> problems) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    private TenantLists() {
    }

    /**
     * @param configMapValue the value of a ConfigMap key, empty when the ConfigMap or the key does not exist
     */
    public static Resolved resolve(SegmentationSpec spec, Function<ConfigMapKeyReference, Optional<String>> configMapValue) {
        List<SegmentSpec> segments = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        List<SegmentDefinition> definitions = spec.segments() == null ? List.of() : spec.segments();
        for (int i = 0; i < definitions.size(); i++) {
            SegmentDefinition segment = definitions.get(i);
            if (segment.receivesUnlistedTenants()) {
                segments.add(SegmentSpec.everyoneElse(segment.name()));
            } else if (segment.tenantsFrom() != null) {
                ConfigMapKeyReference ref = segment.tenantsFrom().configMapRef();
                Optional<String> value = configMapValue.apply(ref);
                if (value.isEmpty()) {
                    problems.add("spec.segments[" + i + "].tenantsFrom: ConfigMap " + ref.name() + " has no key "
                            + ref.key() + " (or does not exist); create it, or list the tenants inline");
                    continue;
                }
                segments.add(SegmentSpec.listed(segment.name(), parse(value.get())));
            } else {
                segments.add(SegmentSpec.listed(segment.name(),
                        segment.tenants() == null ? List.of() : List.copyOf(segment.tenants())));
            }
        }
        return new Resolved(new dev.bulkhead.engine.plan.SegmentationSpec(segments), List.copyOf(problems));
    }

    /** Tenant keys separated by newlines or commas; blank lines and lines starting with # are skipped. */
    public static List<String> parse(String text) {
        List<String> tenants = new ArrayList<>();
        for (String line : text.split("\\R")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            Arrays.stream(trimmed.split(",")).map(String::strip).filter(t -> !t.isEmpty()).forEach(tenants::add);
        }
        return tenants;
    }
}
