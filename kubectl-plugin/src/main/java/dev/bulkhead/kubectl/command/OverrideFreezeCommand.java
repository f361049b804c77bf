package dev.bulkhead.kubectl.command;

import dev.bulkhead.api.v1alpha1.Rollout;
import dev.bulkhead.api.v1alpha1.SegmentStatus;
import dev.bulkhead.kubectl.Annotations;
import dev.bulkhead.kubectl.CommandError;
import dev.bulkhead.kubectl.ExitCodes;
import dev.bulkhead.kubectl.KubectlBulkhead;
import dev.bulkhead.kubectl.cluster.Cluster;
import dev.bulkhead.kubectl.cluster.Rollouts;
import dev.bulkhead.kubectl.render.EngineView;
import java.io.PrintWriter;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code override-freeze ROLLOUT SEGMENT --reason TEXT | --clear}: lets one segment be released while its error budget
 * is exhausted, through {@code override-freeze.bulkhead.dev/<segment>: <reason>} (in force while present). The segment
 * must be one the rollout's Segmentation defines.
 */
@Command(name = "override-freeze", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Releases into one segment even while its error budget is exhausted (for a P0 or security fix), "
                + "until cleared.",
            "Sets the annotation override-freeze.bulkhead.dev/<SEGMENT>=<reason>; --clear removes it. The segment must be "
                + "defined by the rollout's Segmentation. (The older bulkhead.dev/override-freeze overrides every segment.)"})
public final class OverrideFreezeCommand implements Callable<Integer> {

    @ParentCommand
    KubectlBulkhead root;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ROLLOUT", description = "Name of the rollout.")
    String name;

    @Parameters(index = "1", paramLabel = "SEGMENT", description = "Segment whose budget freeze is overridden.")
    String segment;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Mode mode;

    /** Either a reason (set) or --clear. */
    static final class Mode {
        @Option(names = {"-r", "--reason"}, paramLabel = "TEXT", required = true,
                description = "Why the freeze is overridden; kept as the annotation's value for the audit trail.")
        String reason;

        @Option(names = "--clear", required = true, description = "Remove the segment's override.")
        boolean clear;
    }

    @Override
    public Integer call() {
        if (!Annotations.validSegmentName(segment)) {
            throw CommandError.usage("SEGMENT: '" + segment + "' is not a segment name (a DNS label: lower-case letters, "
                    + "digits and '-')");
        }
        if (!mode.clear && mode.reason.isBlank()) {
            throw CommandError.usage("--reason: give the reason the freeze is overridden; it is kept for the audit trail");
        }
        PrintWriter out = spec.commandLine().getOut();
        String key = Annotations.segmentOverride(segment);
        try (Cluster cluster = root.kube().connect()) {
            String what = "rollout " + cluster.namespace() + "/" + name;
            Rollout rollout = Rollouts.get(cluster, name);
            if (mode.clear) {
                if (Annotations.get(rollout.getMetadata().getAnnotations(), key).isEmpty()) {
                    out.printf("%s has no freeze override for segment %s; nothing changed%n", what, segment);
                    out.flush();
                    return ExitCodes.OK;
                }
                patch(cluster, rollout, key, null, what);
                out.printf("%s: removed the freeze override of segment %s (%s)%n", what, segment, key);
                out.flush();
                return ExitCodes.OK;
            }
            List<String> defined = Rollouts.segmentNames(Rollouts.segmentation(cluster, rollout));
            if (!defined.contains(segment)) {
                throw CommandError.notFound("segment \"" + segment + "\" is not defined by Segmentation \""
                        + rollout.getSpec().segmentationRef().name() + "\" of " + what + " (it defines: "
                        + String.join(", ", defined) + "); nothing changed");
            }
            patch(cluster, rollout, key, mode.reason.strip(), what);
            out.printf("%s: segment %s may be released while its error budget is exhausted, until "
                    + "'kubectl bulkhead override-freeze %s %s --clear' (%s=%s)%n", what, segment, name, segment, key,
                    mode.reason.strip());
            out.println(frozenNow(rollout, segment)
                    ? "The segment is frozen now; the operator releases into it on its next reconcile."
                    : "The segment is not frozen now; the override applies if its budget runs out while it is set.");
            Annotations.get(rollout.getMetadata().getAnnotations(), Annotations.OVERRIDE_FREEZE).ifPresent(r -> out.println(
                    "Note: " + Annotations.OVERRIDE_FREEZE + " is also set (every segment): " + r));
            out.flush();
            return ExitCodes.OK;
        }
    }

    private static void patch(Cluster cluster, Rollout rollout, String key, String value, String what) {
        Rollout current = rollout;
        for (int attempt = 0; attempt < 3; attempt++) {
            if (Rollouts.annotate(cluster, current, Collections.singletonMap(key, value)).isPresent()) {
                return;
            }
            current = Rollouts.get(cluster, rollout.getMetadata().getName());
        }
        throw new CommandError(ExitCodes.ERROR, what + " kept changing while the override was being set; nothing was "
                + "changed, run the command again");
    }

    private static boolean frozenNow(Rollout rollout, String segment) {
        boolean byStatus = Optional.ofNullable(rollout.getStatus()).map(s -> s.segments()).orElse(List.of()).stream()
                .filter(s -> segment.equals(s.name())).map(SegmentStatus::state).anyMatch("Frozen"::equals);
        return byStatus || EngineView.of(rollout).exhausted(segment);
    }
}
