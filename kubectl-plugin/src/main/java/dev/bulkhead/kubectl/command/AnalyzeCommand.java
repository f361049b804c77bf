package dev.bulkhead.kubectl.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulkhead.analysis.AnalysisRequest;
import dev.bulkhead.analysis.SegmentAnalysis;
import dev.bulkhead.analysis.SegmentAnalyzer;
import dev.bulkhead.analysis.cli.ResourceFiles;
import dev.bulkhead.analysis.cli.TextReport;
import dev.bulkhead.analysis.judge.JudgeConfig;
import dev.bulkhead.analysis.judge.Verdict;
import dev.bulkhead.analysis.model.Durations;
import dev.bulkhead.analysis.model.Segmentation;
import dev.bulkhead.analysis.model.ServiceLevelObjective;
import dev.bulkhead.analysis.source.prometheus.PrometheusAuth;
import dev.bulkhead.analysis.source.prometheus.PrometheusClient;
import dev.bulkhead.analysis.source.prometheus.PrometheusConfig;
import dev.bulkhead.api.v1alpha1.ObjectReference;
import dev.bulkhead.api.v1alpha1.Rollout;
import dev.bulkhead.api.v1alpha1.SegmentDefinition;
import dev.bulkhead.kubectl.CommandError;
import dev.bulkhead.kubectl.ExitCodes;
import dev.bulkhead.kubectl.KubectlBulkhead;
import dev.bulkhead.kubectl.cluster.ApiErrors;
import dev.bulkhead.kubectl.cluster.Cluster;
import dev.bulkhead.kubectl.cluster.Rollouts;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code analyze ROLLOUT}: the analysis dry run. Reads the rollout, its Segmentation (with ConfigMap tenant lists)
 * and its SLOs from the cluster, maps them with the analysis module's own {@link ResourceFiles}, and runs one look of
 * the analysis' {@link SegmentAnalyzer} per SLO against Prometheus. Changes nothing, in the cluster or in Prometheus.
 */
@Command(name = "analyze", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Dry run of the analysis: judges every segment (canary against stable) with the rollout's SLOs and "
                + "judge settings against Prometheus now, and prints each segment's verdict with its numbers and culprit "
                + "tenants. Changes nothing.",
            "Exits 5 when a segment fails, 1 when Prometheus could not be queried."})
public final class AnalyzeCommand implements Callable<Integer> {

    static final String PROMETHEUS_ENV = "BULKHEAD_PROMETHEUS_URL";
    /** The analysis' version labels of a flag release (the operator's defaults for flags). */
    static final String FLAG_ON = "enabled";
    static final String FLAG_OFF = "disabled";

    /** {@code -o}; the constants are the option's values, hence lower case. */
    enum Format {
        text, json
    }

    @ParentCommand
    KubectlBulkhead root;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "ROLLOUT", description = "Name of the rollout.")
    String name;

    @Option(names = "--prometheus-url", paramLabel = "URL",
            description = "Prometheus base URL (default: $" + PROMETHEUS_ENV + ").")
    String prometheusUrl;

    @Option(names = "--window", paramLabel = "DURATION",
            description = "Window judged, e.g. 10m (default: the rollout's spec.analysis.interval).")
    String window;

    @Option(names = "--at", paramLabel = "TIME", description = "Evaluation time, RFC 3339 (e.g. 2026-11-23T10:00:00Z); default now.")
    String at;

    @Option(names = "--segment", paramLabel = "SEGMENT", description = "Judge only these segments (repeatable); default all.")
    List<String> segments = new ArrayList<>();

    @Option(names = "--canary", paramLabel = "VERSION",
            description = "Version label value of canary traffic (default: spec.analysis.canaryVersion, else 'enabled' for a "
                    + "flag release, else status.canaryRevision).")
    String canary;

    @Option(names = "--stable", paramLabel = "VERSION",
            description = "Version label value of stable traffic (default: spec.analysis.stableVersion, else 'disabled' for a "
                    + "flag release, else status.stableRevision).")
    String stable;

    @Option(names = "--bake-complete", description = "Treat the bake time as elapsed (allows Pass without a crossed boundary).")
    boolean bakeComplete;

    @Option(names = "--budgets", description = "Also compute burn rates and the remaining budget per segment.")
    boolean budgets;

    @Option(names = "--bearer-token-file", paramLabel = "FILE", description = "File holding a bearer token for Prometheus.")
    Path bearerTokenFile;

    @Option(names = "--query-timeout", paramLabel = "DURATION", defaultValue = "30s",
            description = "Per Prometheus query. Default: ${DEFAULT-VALUE}.")
    String queryTimeout;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text",
            description = "text or json. Default: ${DEFAULT-VALUE}.")
    Format output;

    @Override
    public Integer call() {
        PrometheusConfig prometheus = prometheus();
        Instant evaluationTime = evaluationTime();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (Cluster cluster = root.kube().connect()) {
            String what = "rollout " + cluster.namespace() + "/" + name;
            Rollout rollout = Rollouts.get(cluster, name);
            var segmentationResource = Rollouts.segmentation(cluster, rollout);
            JsonNode segmentationDoc = Serialization.jsonMapper().valueToTree(segmentationResource);
            Segmentation segmentation;
            ResourceFiles.RolloutAnalysis settings;
            List<ServiceLevelObjective> slos = new ArrayList<>();
            try {
                segmentation = ResourceFiles.segmentation(segmentationDoc, "Segmentation " + rollout.getSpec().segmentationRef().name(),
                        configMaps(cluster, segmentationResource));
                settings = ResourceFiles.rolloutAnalysis(Serialization.jsonMapper().valueToTree(rollout), "Rollout " + name,
                        JudgeConfig.defaults());
                String tenantLabel = ResourceFiles.tenantLabel(segmentationDoc);
                List<ObjectReference> refs = rollout.getSpec().analysis().sloRefs();
                for (int i = 0; i < refs.size(); i++) {
                    JsonNode slo = slo(cluster, name, i, refs.get(i).name());
                    slos.add(ResourceFiles.slo(slo, "ServiceLevelObjective " + refs.get(i).name(), tenantLabel));
                }
            } catch (IllegalArgumentException e) {
                throw new CommandError(ExitCodes.ERROR, "cannot analyze " + what + ": " + e.getMessage());
            }
            for (String s : segments) {
                if (!segmentation.names().contains(s)) {
                    throw CommandError.notFound("segment \"" + s + "\" is not defined by Segmentation \""
                            + rollout.getSpec().segmentationRef().name() + "\" of " + what + " (it defines: "
                            + String.join(", ", segmentation.names()) + ")");
                }
            }
            String canaryVersion = version(canary, settings.canaryVersion(), rollout, true);
            String stableVersion = version(stable, settings.stableVersion(), rollout, false);
            Duration interval = window == null ? settings.interval() : duration(window, "--window");

            Map<String, SegmentAnalysis> results = new LinkedHashMap<>();
            SegmentAnalyzer analyzer = new SegmentAnalyzer(new PrometheusClient(prometheus));
            for (ServiceLevelObjective slo : slos) {
                AnalysisRequest request;
                try {
                    request = AnalysisRequest.of(slo, segmentation, canaryVersion, stableVersion, evaluationTime, interval)
                            .withJudge(settings.judge()).withSegments(segments).withBakeComplete(bakeComplete)
                            .withBudgets(budgets);
                } catch (IllegalArgumentException e) {
                    throw CommandError.usage(e.getMessage());
                }
                results.put(slo.name(), analyzer.analyze(request));
            }

            if (output == Format.json) {
                out.print(json(cluster, prometheus, canaryVersion, stableVersion, results));
            } else {
                out.printf("Analysis dry run of %s: canary '%s' against stable '%s', window %s, Prometheus %s. Nothing was "
                        + "changed.%n", what, canaryVersion, stableVersion, Durations.format(interval), prometheus.baseUrl());
                results.forEach((slo, analysis) -> {
                    out.printf("%nSLO %s%n", slo);
                    TextReport.print(analysis, out);
                });
            }
            out.flush();
            List<dev.bulkhead.analysis.SegmentVerdict> verdicts = results.values().stream()
                    .flatMap(a -> a.segments().stream()).toList();
            if (verdicts.stream().anyMatch(v -> v.verdict() == Verdict.FAIL)) {
                return ExitCodes.ROLLOUT_FAILED;
            }
            Optional<dev.bulkhead.analysis.SegmentVerdict> error = verdicts.stream()
                    .filter(v -> v.verdict() == Verdict.ERROR).findFirst();
            if (error.isPresent()) {
                err.println("error: the analysis could not query Prometheus at " + prometheus.baseUrl() + ": "
                        + error.get().message());
                err.flush();
                return ExitCodes.ERROR;
            }
            return ExitCodes.OK;
        }
    }

    private PrometheusConfig prometheus() {
        String url = prometheusUrl != null ? prometheusUrl : root.environment(PROMETHEUS_ENV);
        if (url == null || url.isBlank()) {
            throw CommandError.usage("--prometheus-url is required (or set " + PROMETHEUS_ENV + ")");
        }
        PrometheusAuth auth = PrometheusAuth.none();
        if (bearerTokenFile != null) {
            try {
                auth = PrometheusAuth.bearer(Files.readString(bearerTokenFile, StandardCharsets.UTF_8).strip());
            } catch (IOException e) {
                throw CommandError.usage("--bearer-token-file: cannot read " + bearerTokenFile + ": " + e.getMessage());
            }
        }
        try {
            return PrometheusConfig.of(new URI(url.strip())).withTimeout(duration(queryTimeout, "--query-timeout"))
                    .withAuth(auth);
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw CommandError.usage("--prometheus-url: '" + url + "' is not an http:// or https:// URL");
        }
    }

    private Instant evaluationTime() {
        if (at == null) {
            return root.clock().instant();
        }
        try {
            return Instant.parse(at);
        } catch (DateTimeParseException e) {
            throw CommandError.usage("--at: '" + at + "' is not an RFC 3339 time such as 2026-11-23T10:00:00Z");
        }
    }

    private static Duration duration(String text, String option) {
        try {
            return Durations.parse(text, option);
        } catch (IllegalArgumentException e) {
            throw CommandError.usage(e.getMessage());
        }
    }

    /** The ConfigMaps the Segmentation lists tenants from, as documents by name; a missing one is not-found. */
    private static Map<String, JsonNode> configMaps(Cluster cluster, dev.bulkhead.api.v1alpha1.Segmentation segmentation) {
        Map<String, JsonNode> found = new LinkedHashMap<>();
        List<SegmentDefinition> defined = Optional.ofNullable(segmentation.getSpec().segments()).orElse(List.of());
        for (int i = 0; i < defined.size(); i++) {
            SegmentDefinition segment = defined.get(i);
            if (segment.tenantsFrom() == null || segment.tenantsFrom().configMapRef() == null) {
                continue;
            }
            String name = segment.tenantsFrom().configMapRef().name();
            String what = "ConfigMap \"" + name + "\" (spec.segments[" + i + "].tenantsFrom of Segmentation \""
                    + segmentation.getMetadata().getName() + "\")";
            String where = " in namespace \"" + cluster.namespace() + "\"";
            ConfigMap configMap = ApiErrors.call(cluster, "get " + what + where,
                    () -> cluster.client().configMaps().inNamespace(cluster.namespace()).withName(name).get());
            if (configMap == null) {
                throw CommandError.notFound(what + " not found" + where);
            }
            found.put(name, Serialization.jsonMapper().valueToTree(configMap));
        }
        return found;
    }

    private static JsonNode slo(Cluster cluster, String rollout, int index, String name) {
        String what = "ServiceLevelObjective \"" + name + "\" (spec.analysis.sloRefs[" + index + "] of rollout \"" + rollout
                + "\")";
        String where = " in namespace \"" + cluster.namespace() + "\"";
        var slo = ApiErrors.call(cluster, "get " + what + where, () -> cluster.client()
                .resources(dev.bulkhead.api.v1alpha1.ServiceLevelObjective.class).inNamespace(cluster.namespace())
                .withName(name).get());
        if (slo == null) {
            throw CommandError.notFound(what + " not found" + where);
        }
        return Serialization.jsonMapper().valueToTree(slo);
    }

    /** The version label value the operator would judge with (RolloutObservations' defaults). */
    private static String version(String given, Optional<String> spec, Rollout rollout, boolean canary) {
        if (given != null) {
            return given;
        }
        if (spec.isPresent()) {
            return spec.get();
        }
        if (rollout.getSpec().release().flag() != null) {
            return canary ? FLAG_ON : FLAG_OFF;
        }
        String revision = rollout.getStatus() == null ? null
                : canary ? rollout.getStatus().canaryRevision() : rollout.getStatus().stableRevision();
        if (revision == null) {
            throw CommandError.usage("the rollout's status names no " + (canary ? "canary" : "stable") + " revision yet; pass --"
                    + (canary ? "canary" : "stable") + " with the version label value of its traffic");
        }
        return revision;
    }

    private String json(Cluster cluster, PrometheusConfig prometheus, String canaryVersion, String stableVersion,
            Map<String, SegmentAnalysis> results) {
        var mapper = dev.bulkhead.analysis.cli.AnalyzeCommand.json();
        ObjectNode root = mapper.createObjectNode();
        root.put("namespace", cluster.namespace());
        root.put("rollout", name);
        root.put("prometheus", prometheus.baseUrl().toString());
        root.put("canaryVersion", canaryVersion);
        root.put("stableVersion", stableVersion);
        ArrayNode slos = root.putArray("slos");
        results.forEach((slo, analysis) -> {
            ObjectNode entry = slos.addObject();
            entry.put("slo", slo);
            entry.set("analysis", mapper.valueToTree(analysis));
        });
        try {
            return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
        } catch (IOException e) {
            throw new CommandError(ExitCodes.ERROR, "cannot write JSON: " + e.getMessage(), e);
        }
    }
}
