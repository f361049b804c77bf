package dev.bulkhead.analysis.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.bulkhead.analysis.AnalysisRequest;
import dev.bulkhead.analysis.SegmentAnalysis;
import dev.bulkhead.analysis.SegmentAnalyzer;
import dev.bulkhead.analysis.judge.JudgeConfig;
import dev.bulkhead.analysis.judge.MinRegression;
import dev.bulkhead.analysis.judge.Verdict;
import dev.bulkhead.analysis.model.Durations;
import dev.bulkhead.analysis.model.ServiceLevelObjective;
import dev.bulkhead.analysis.model.Segmentation;
import dev.bulkhead.analysis.source.MetricSource;
import dev.bulkhead.analysis.source.prometheus.PrometheusAuth;
import dev.bulkhead.analysis.source.prometheus.PrometheusClient;
import dev.bulkhead.analysis.source.prometheus.PrometheusConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bulkhead analyze}: one look of the analysis against a Prometheus, for testing an SLO before a rollout.
 * Exit codes: 0 no segment failed, 1 a segment failed, 2 the metric source failed (an ERROR verdict), 3 bad input.
 */
@Command(name = "analyze", mixinStandardHelpOptions = true,
        description = "Runs one canary-versus-stable analysis per segment and prints the verdicts.")
public final class AnalyzeCommand implements Callable<Integer> {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int ERROR = 2;
    static final int BAD_INPUT = 3;

    @Spec
    CommandSpec spec;

    @Option(names = "--prometheus", required = true, description = "Prometheus base URL, e.g. http://127.0.0.1:9090")
    URI prometheus;

    @Option(names = "--slo", required = true, description = "ServiceLevelObjective YAML file")
    Path slo;

    @Option(names = "--segmentation", required = true, description = "Segmentation YAML file")
    Path segmentation;

    @Option(names = "--config-map", description = "ConfigMap YAML file(s) for segments listed with tenantsFrom")
    List<Path> configMaps = new ArrayList<>();

    @Option(names = "--rollout", description = "Rollout YAML file: its spec.analysis sets the judge (flags below win)")
    Path rollout;

    @Option(names = "--canary", description = "version label value of canary traffic")
    String canary;

    @Option(names = "--stable", description = "version label value of stable traffic")
    String stable;

    @Option(names = "--at", description = "evaluation time, ISO-8601 (e.g. 2026-11-23T10:00:00Z); default now")
    String at;

    @Option(names = "--window", description = "window judged, e.g. 10m (default: the Rollout's interval, else 5m)")
    String window;

    @Option(names = "--segment", description = "judge only these segments (repeatable); default all")
    List<String> segments = new ArrayList<>();

    @Option(names = "--min-samples", description = "events per arm before any verdict other than NO_DATA (default 200)")
    Long minSamples;

    @Option(names = "--false-rollback-rate", description = "per rollout, split over segments x indicators (default 0.01)")
    Double falseRollbackRate;

    @Option(names = "--min-regression-absolute", description = "percentage points (default 0.5)")
    Double minRegressionAbsolute;

    @Option(names = "--min-regression-relative", description = "ratio (default 1.5)")
    Double minRegressionRelative;

    @Option(names = "--bake-complete", description = "treat the bake time as elapsed (allows PASS without a crossed boundary)")
    boolean bakeComplete;

    @Option(names = "--budgets", description = "also compute burn rates and remaining budget per segment")
    boolean budgets;

    @Option(names = "--bearer-token-file", description = "file holding a bearer token for Prometheus")
    Path bearerTokenFile;

    @Option(names = "--basic-auth-user", description = "basic-auth user name for Prometheus")
    String basicAuthUser;

    @Option(names = "--basic-auth-password-file", description = "file holding the basic-auth password")
    Path basicAuthPasswordFile;

    @Option(names = "--timeout", description = "per query (default 30s)", defaultValue = "30s")
    String timeout;

    @Option(names = "--output", description = "text or json (default text)", defaultValue = "text")
    String output;

    private final Clock clock;
    private final Function<PrometheusConfig, MetricSource> sources;

    public AnalyzeCommand() {
        this(Clock.systemUTC(), PrometheusClient::new);
    }

    AnalyzeCommand(Clock clock, Function<PrometheusConfig, MetricSource> sources) {
        this.clock = clock;
        this.sources = sources;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        SegmentAnalysis analysis;
        try {
            Map<String, JsonNode> cms = ResourceFiles.configMaps(configMaps);
            Segmentation seg = ResourceFiles.segmentation(segmentation, cms);
            ServiceLevelObjective model = ResourceFiles.slo(slo, ResourceFiles.tenantLabel(segmentation));
            JudgeConfig judge = JudgeConfig.defaults();
            Duration interval = Duration.ofMinutes(5);
            String canaryVersion = canary;
            String stableVersion = stable;
            if (rollout != null) {
                ResourceFiles.RolloutAnalysis ra = ResourceFiles.rolloutAnalysis(rollout, judge);
                judge = ra.judge();
                interval = ra.interval();
                canaryVersion = canaryVersion != null ? canaryVersion : ra.canaryVersion().orElse(null);
                stableVersion = stableVersion != null ? stableVersion : ra.stableVersion().orElse(null);
            }
            if (canaryVersion == null || stableVersion == null) {
                throw new IllegalArgumentException("--canary and --stable are required (or canaryVersion/stableVersion in --rollout)");
            }
            judge = overrides(judge);
            if (window != null) {
                interval = Durations.parse(window, "--window");
            }
            Instant evaluationTime = evaluationTime();
            if (!List.of("text", "json").contains(output)) {
                throw new IllegalArgumentException("--output: 'text' or 'json', got '" + output + "'");
            }
            PrometheusConfig config = PrometheusConfig.of(prometheus).withTimeout(Durations.parse(timeout, "--timeout"))
                    .withAuth(auth());
            AnalysisRequest request = AnalysisRequest.of(model, seg, canaryVersion, stableVersion, evaluationTime, interval)
                    .withJudge(judge).withSegments(segments).withBakeComplete(bakeComplete).withBudgets(budgets);
            analysis = new SegmentAnalyzer(sources.apply(config)).analyze(request);
        } catch (IllegalArgumentException e) {
            err.println("bulkhead analyze: " + e.getMessage());
            err.flush();
            return BAD_INPUT;
        }
        if ("json".equals(output)) {
            try {
                out.println(json().writerWithDefaultPrettyPrinter().writeValueAsString(analysis));
            } catch (IOException e) {
                err.println("bulkhead analyze: cannot write JSON: " + e.getMessage());
                return ERROR;
            }
        } else {
            TextReport.print(analysis, out);
        }
        out.flush();
        if (analysis.segments().stream().anyMatch(s -> s.verdict() == Verdict.FAIL)) {
            return FAILED;
        }
        return analysis.segments().stream().anyMatch(s -> s.verdict() == Verdict.ERROR) ? ERROR : OK;
    }

    /** The JSON mapper of the CLI output (ISO-8601 times, NaN as "NaN"). */
    public static ObjectMapper json() {
        return new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS);
    }

    private JudgeConfig overrides(JudgeConfig judge) {
        if (minSamples != null) {
            judge = judge.withMinSamples(minSamples);
        }
        if (falseRollbackRate != null) {
            judge = judge.withFalseRollbackRate(falseRollbackRate);
        }
        if (minRegressionAbsolute != null || minRegressionRelative != null) {
            MinRegression current = judge.minRegression();
            judge = judge.withMinRegression(new MinRegression(
                    minRegressionAbsolute != null ? minRegressionAbsolute : current.absolutePoints(),
                    minRegressionRelative != null ? minRegressionRelative : current.relative()));
        }
        return judge;
    }

    private Instant evaluationTime() {
        if (at == null) {
            return clock.instant();
        }
        try {
            return Instant.parse(at);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--at: '" + at + "' is not an ISO-8601 instant such as 2026-11-23T10:00:00Z");
        }
    }

    private PrometheusAuth auth() {
        if (bearerTokenFile != null && basicAuthUser != null) {
            throw new IllegalArgumentException("use either --bearer-token-file or --basic-auth-user, not both");
        }
        if (bearerTokenFile != null) {
            return PrometheusAuth.bearer(read(bearerTokenFile, "--bearer-token-file"));
        }
        if (basicAuthUser != null) {
            if (basicAuthPasswordFile == null) {
                throw new IllegalArgumentException("--basic-auth-user needs --basic-auth-password-file");
            }
            return PrometheusAuth.basic(basicAuthUser, read(basicAuthPasswordFile, "--basic-auth-password-file"));
        }
        return PrometheusAuth.none();
    }

    private static String read(Path file, String option) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new IllegalArgumentException(option + ": cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
