package dev.bulkhead.analysis.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.bulkhead.analysis.judge.JudgeConfig;
import dev.bulkhead.analysis.judge.MinRegression;
import dev.bulkhead.analysis.model.BurnRateWindow;
import dev.bulkhead.analysis.model.Durations;
import dev.bulkhead.analysis.model.Indicator;
import dev.bulkhead.analysis.model.ServiceLevelObjective;
import dev.bulkhead.analysis.model.Segmentation;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the same YAML files the cluster gets (ServiceLevelObjective, Segmentation, Rollout, ConfigMap) into the
 * analysis model, with Jackson's YAML tree. Every error names the file and the field path.
 */
public final class ResourceFiles {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private ResourceFiles() {
    }

    /**
     * The Rollout's {@code spec.analysis} values the CLI and the operator use.
     *
     * @param historyWindow the window before the rollout that gives each tenant's normal rate
     */
    public record RolloutAnalysis(JudgeConfig judge, Duration interval, Optional<String> canaryVersion,
            Optional<String> stableVersion, Duration historyWindow) {

        public RolloutAnalysis(JudgeConfig judge, Duration interval, Optional<String> canaryVersion, Optional<String> stableVersion) {
            this(judge, interval, canaryVersion, stableVersion, dev.bulkhead.analysis.AnalysisRequest.DEFAULT_HISTORY);
        }
    }

    /** Every YAML document of {@code file} with {@code kind}. */
    static List<JsonNode> documents(Path file, String kind) {
        List<JsonNode> out = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
            while (it.hasNext()) {
                JsonNode doc = it.next();
                if (doc != null && kind.equals(doc.path("kind").asText())) {
                    out.add(doc);
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": not readable YAML: " + e.getMessage(), e);
        }
        return out;
    }

    static JsonNode single(Path file, String kind) {
        List<JsonNode> docs = documents(file, kind);
        if (docs.size() != 1) {
            throw new IllegalArgumentException(file + ": expected exactly one " + kind + ", found " + docs.size());
        }
        return docs.get(0);
    }

    /** The ConfigMaps of the given files, by name. */
    public static Map<String, JsonNode> configMaps(List<Path> files) {
        Map<String, JsonNode> out = new java.util.LinkedHashMap<>();
        for (Path f : files) {
            for (JsonNode cm : documents(f, "ConfigMap")) {
                out.put(cm.path("metadata").path("name").asText(), cm);
            }
        }
        return out;
    }

    /** The Segmentation, resolving {@code tenantsFrom.configMapRef} from {@code configMaps}; and its tenant label. */
    public static Segmentation segmentation(Path file, Map<String, JsonNode> configMaps) {
        return segmentation(single(file, "Segmentation"), file.toString(), configMaps);
    }

    /**
     * The analysis model of a Segmentation document (a file's, or a resource read from the cluster as a JSON tree),
     * resolving {@code tenantsFrom.configMapRef} from {@code configMaps} (ConfigMap documents by name); {@code file}
     * names the source in error messages.
     */
    public static Segmentation segmentation(JsonNode doc, String file, Map<String, JsonNode> configMaps) {
        JsonNode spec = doc.path("spec");
        List<Segmentation.Segment> segments = new ArrayList<>();
        JsonNode list = spec.path("segments");
        if (!list.isArray() || list.isEmpty()) {
            throw new IllegalArgumentException(file + ": spec.segments must list at least one segment");
        }
        for (int i = 0; i < list.size(); i++) {
            JsonNode s = list.get(i);
            String path = file + ": spec.segments[" + i + "]";
            String name = text(s, "name", path);
            Set<String> tenants = new LinkedHashSet<>();
            s.path("tenants").forEach(t -> tenants.add(t.asText()));
            JsonNode ref = s.path("tenantsFrom").path("configMapRef");
            if (!ref.isMissingNode()) {
                String cmName = text(ref, "name", path + ".tenantsFrom.configMapRef");
                String key = text(ref, "key", path + ".tenantsFrom.configMapRef");
                JsonNode cm = configMaps.get(cmName);
                if (cm == null) {
                    throw new IllegalArgumentException(path + ".tenantsFrom: ConfigMap '" + cmName
                            + "' was not given; pass its YAML with --config-map (the CLI does not talk to Kubernetes)");
                }
                JsonNode value = cm.path("data").path(key);
                if (value.isMissingNode()) {
                    throw new IllegalArgumentException(path + ".tenantsFrom: ConfigMap '" + cmName + "' has no key '" + key + "'");
                }
                Arrays.stream(value.asText().split("[,\\n]")).map(String::strip).filter(t -> !t.isEmpty()).forEach(tenants::add);
            }
            segments.add(new Segmentation.Segment(name, tenants, s.path("default").asBoolean(false)));
        }
        return new Segmentation(segments);
    }

    /** The Segmentation's metric label for tenants (default {@code tenant}). */
    public static String tenantLabel(Path segmentationFile) {
        return tenantLabel(single(segmentationFile, "Segmentation"));
    }

    /** The metric label for tenants of a Segmentation document (default {@code tenant}). */
    public static String tenantLabel(JsonNode segmentation) {
        return segmentation.path("spec").path("tenantLabel").asText("tenant");
    }

    public static ServiceLevelObjective slo(Path file, String tenantLabel) {
        return slo(single(file, "ServiceLevelObjective"), file.toString(), tenantLabel);
    }

    /**
     * The analysis model of a ServiceLevelObjective document (a file's, or the operator's resource as a JSON tree);
     * {@code file} names the source in error messages.
     */
    public static ServiceLevelObjective slo(JsonNode doc, String file, String tenantLabel) {
        JsonNode spec = doc.path("spec");
        String name = doc.path("metadata").path("name").asText(file);
        Duration window = spec.has("window") ? Durations.parse(spec.path("window").asText(), file + ": spec.window")
                : Duration.ofDays(30);
        List<Indicator> indicators = new ArrayList<>();
        JsonNode list = spec.path("indicators");
        for (int i = 0; i < list.size(); i++) {
            JsonNode n = list.get(i);
            String path = file + ": spec.indicators[" + i + "]";
            String iname = text(n, "name", path);
            if (!n.path("objective").isNumber()) {
                throw new IllegalArgumentException(path + ".objective: a percent such as 99.9 is required");
            }
            Indicator.Form form;
            if (n.has("events")) {
                form = new Indicator.Events(text(n.path("events"), "bad", path + ".events"), text(n.path("events"), "total", path + ".events"));
            } else if (n.has("latency")) {
                form = new Indicator.Latency(text(n.path("latency"), "histogram", path + ".latency"), text(n.path("latency"), "le", path + ".latency"));
            } else if (n.has("raw")) {
                form = new Indicator.Raw(text(n.path("raw"), "bad", path + ".raw"), text(n.path("raw"), "total", path + ".raw"));
            } else {
                throw new IllegalArgumentException(path + ": set exactly one of events, latency or raw");
            }
            try {
                indicators.add(new Indicator(iname, n.path("objective").asDouble(), form));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(path + ": " + e.getMessage(), e);
            }
        }
        if (indicators.isEmpty()) {
            throw new IllegalArgumentException(file + ": spec.indicators must list at least one indicator");
        }
        List<BurnRateWindow> windows = new ArrayList<>();
        JsonNode brw = spec.path("burnRateWindows");
        for (int i = 0; i < brw.size(); i++) {
            JsonNode w = brw.get(i);
            String path = file + ": spec.burnRateWindows[" + i + "]";
            windows.add(new BurnRateWindow(Durations.parse(text(w, "long", path), path + ".long"),
                    Durations.parse(text(w, "short", path), path + ".short"), w.path("factor").asDouble(),
                    w.path("severity").asText("page")));
        }
        return new ServiceLevelObjective(name, window, tenantLabel, spec.path("versionLabel").asText("version"), indicators,
                windows, spec.path("freezeBelowBudget").asDouble(0));
    }

    /** The judge settings, interval and versions of a Rollout's {@code spec.analysis}, over {@code defaults}. */
    public static RolloutAnalysis rolloutAnalysis(Path file, JudgeConfig defaults) {
        return rolloutAnalysis(single(file, "Rollout"), file.toString(), defaults);
    }

    /** The judge settings of a Rollout document (a file's, or the operator's resource as a JSON tree). */
    public static RolloutAnalysis rolloutAnalysis(JsonNode rollout, String file, JudgeConfig defaults) {
        JsonNode a = rollout.path("spec").path("analysis");
        String path = file + ": spec.analysis";
        JudgeConfig judge = defaults;
        if (a.has("minSamples")) {
            judge = judge.withMinSamples(a.path("minSamples").asLong());
        }
        if (a.has("falseRollbackRate")) {
            judge = judge.withFalseRollbackRate(a.path("falseRollbackRate").asDouble());
        }
        if (a.has("tenantTests")) {
            if (!a.path("tenantTests").isBoolean()) {
                throw new IllegalArgumentException(path + ".tenantTests: true or false, got " + a.path("tenantTests"));
            }
            judge = judge.withTenantTests(a.path("tenantTests").asBoolean());
        }
        if (a.has("minRegression")) {
            JsonNode m = a.path("minRegression");
            try {
                judge = judge.withMinRegression(new MinRegression(m.has("absolute") ? m.path("absolute").asDouble() : null,
                        m.has("relative") ? m.path("relative").asDouble() : null));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(path + ".minRegression: " + e.getMessage(), e);
            }
        }
        Duration interval = a.has("interval") ? Durations.parse(a.path("interval").asText(), path + ".interval") : Duration.ofMinutes(1);
        Duration history = a.has("historyWindow") ? Durations.parse(a.path("historyWindow").asText(), path + ".historyWindow")
                : dev.bulkhead.analysis.AnalysisRequest.DEFAULT_HISTORY;
        if (history.isZero() || history.isNegative()) {
            throw new IllegalArgumentException(path + ".historyWindow: must be positive, got " + a.path("historyWindow").asText());
        }
        return new RolloutAnalysis(judge, interval, optional(a, "canaryVersion"), optional(a, "stableVersion"), history);
    }

    private static Optional<String> optional(JsonNode n, String field) {
        return n.hasNonNull(field) ? Optional.of(n.path(field).asText()) : Optional.empty();
    }

    private static String text(JsonNode n, String field, String path) {
        JsonNode v = n.path(field);
        if (!v.isValueNode() || v.asText().isEmpty()) {
            throw new IllegalArgumentException(path + "." + field + ": required");
        }
        return v.asText();
    }
}
