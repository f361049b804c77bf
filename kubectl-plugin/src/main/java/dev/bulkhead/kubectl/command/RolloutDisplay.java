package dev.bulkhead.kubectl.command;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.bulkhead.analysis.model.Durations;
import dev.bulkhead.api.v1alpha1.Condition;
import dev.bulkhead.api.v1alpha1.ConditionStatus;
import dev.bulkhead.api.v1alpha1.Rollout;
import dev.bulkhead.kubectl.CommandError;
import dev.bulkhead.kubectl.ExitCodes;
import dev.bulkhead.kubectl.KubectlBulkhead;
import dev.bulkhead.kubectl.cluster.Cluster;
import dev.bulkhead.kubectl.cluster.Rollouts;
import dev.bulkhead.kubectl.render.RolloutTree;
import dev.bulkhead.kubectl.render.Words;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Option;

/** The options and the behaviour shared by {@code get ROLLOUT} and {@code status ROLLOUT}: show once, or follow. */
final class RolloutDisplay {

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text",
            description = "text (the tree), json or yaml (the Rollout as stored, for scripts). Default: ${DEFAULT-VALUE}.")
    OutputFormat output;

    @Option(names = {"-w", "--watch"}, description = "Print again on every change of the rollout, until Ctrl-C, --until-phase or --timeout.")
    boolean watch;

    @Option(names = "--until-phase", paramLabel = "PHASE",
            description = "With --watch (implied): stop with 0 once the phase is PHASE, or with 5 if the rollout ends RolledBack "
                    + "or Failed first. Phases: Pending, Deploying, Progressing, Paused, Frozen, Promoting, Released, "
                    + "RollingBack, RolledBack, Failed.")
    String untilPhase;

    @Option(names = "--timeout", paramLabel = "DURATION",
            description = "With --watch: stop after this long (e.g. 30s, 10m); with --until-phase not reached, exit 6.")
    String timeout;

    @Option(names = "--history", paramLabel = "N", defaultValue = "5",
            description = "History entries shown under the tree (0 for none). Default: ${DEFAULT-VALUE}.")
    int history;

    /**
     * Shows one rollout.
     *
     * @param healthExit whether the rollout's own failure is the command's (status: exit 5 when RolledBack or Failed)
     */
    int show(KubectlBulkhead root, PrintWriter out, PrintWriter err, String name, boolean healthExit) {
        String target = untilPhase == null ? null : Words.phase(untilPhase).orElseThrow(() -> CommandError.usage(
                "--until-phase: '" + untilPhase + "' is not a phase; use one of " + String.join(", ", Words.PHASES)));
        boolean following = watch || target != null;
        Duration limit = null;
        if (timeout != null) {
            if (!following) {
                throw CommandError.usage("--timeout only applies to --watch or --until-phase");
            }
            try {
                limit = Durations.parse(timeout, "--timeout");
            } catch (IllegalArgumentException e) {
                throw CommandError.usage(e.getMessage());
            }
        }
        if (history < 0) {
            throw CommandError.usage("--history: must be 0 or more, got " + history);
        }
        try (Cluster cluster = root.kube().connect()) {
            Rollout first = Rollouts.get(cluster, name);
            if (!following) {
                out.print(render(first, root));
                out.flush();
                return healthExit && Words.failed(phase(first)) ? ExitCodes.ROLLOUT_FAILED : ExitCodes.OK;
            }
            AtomicBoolean printed = new AtomicBoolean();
            AtomicReference<Rollout> latest = new AtomicReference<>(first);
            RolloutWatch.End end = RolloutWatch.follow(cluster, first, limit, root.clock(), rollout -> {
                latest.set(rollout);
                if (printed.getAndSet(true)) {
                    out.print(separator());
                }
                out.print(render(rollout, root));
                out.flush();
                String phase = phase(rollout);
                if (target == null) {
                    return OptionalInt.empty();
                }
                if (target.equals(phase)) {
                    return OptionalInt.of(ExitCodes.OK);
                }
                if (Words.failed(phase)) {
                    err.println("error: " + Rollouts.describe(cluster, name) + " is " + phase + " and will not reach "
                            + target + " without a human" + why(rollout));
                    return OptionalInt.of(ExitCodes.ROLLOUT_FAILED);
                }
                return OptionalInt.empty();
            });
            if (end instanceof RolloutWatch.End.Stopped stopped) {
                return stopped.exitCode();
            }
            if (end instanceof RolloutWatch.End.Deleted) {
                throw CommandError.notFound(Rollouts.describe(cluster, name) + " was deleted while being watched");
            }
            if (target != null) {
                throw new CommandError(ExitCodes.TIMEOUT, Rollouts.describe(cluster, name) + " did not reach phase " + target
                        + " within " + timeout + "; it is " + Optional.ofNullable(phase(latest.get())).orElse("without a phase"));
            }
            return healthExit && Words.failed(phase(latest.get())) ? ExitCodes.ROLLOUT_FAILED : ExitCodes.OK;
        }
    }

    private String render(Rollout rollout, KubectlBulkhead root) {
        return switch (output) {
            case text -> RolloutTree.render(rollout, root.clock().instant(), history);
            case json -> json(forOutput(rollout));
            case yaml -> Serialization.asYaml(forOutput(rollout));
        };
    }

    /** Between two renderings: a clean screen on a terminal, a blank line (or YAML's document marker) otherwise. */
    private String separator() {
        if (output == OutputFormat.text && System.console() != null) {
            return "\033[H\033[2J";
        }
        return output == OutputFormat.text ? "\n" : "";
    }

    /** Without managedFields, as kubectl prints objects. */
    static <T extends HasMetadata> T forOutput(T resource) {
        T copy = Serialization.clone(resource);
        copy.getMetadata().setManagedFields(null);
        return copy;
    }

    static String json(Object value) {
        try {
            return Serialization.jsonMapper().writerWithDefaultPrettyPrinter().writeValueAsString(value) + "\n";
        } catch (JsonProcessingException e) {
            throw new CommandError(ExitCodes.ERROR, "cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static String phase(Rollout rollout) {
        return rollout.getStatus() == null ? null : rollout.getStatus().phase();
    }

    /** Why it failed: the RolledBack condition's message names the segment and the numbers; else Progressing's. */
    private static String why(Rollout rollout) {
        List<Condition> conditions = rollout.getStatus() == null || rollout.getStatus().conditions() == null ? List.of()
                : rollout.getStatus().conditions();
        Optional<Condition> rolledBack = conditions.stream()
                .filter(c -> "RolledBack".equals(c.type()) && c.status() == ConditionStatus.TRUE).findFirst();
        return rolledBack.or(() -> conditions.stream().filter(c -> "Progressing".equals(c.type())).findFirst())
                .map(c -> ": " + c.reason() + ": " + c.message()).orElse("");
    }
}
