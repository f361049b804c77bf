package dev.bulkhead.kubectl.command;

import dev.bulkhead.api.v1alpha1.Rollout;
import dev.bulkhead.api.v1alpha1.SegmentStatus;
import dev.bulkhead.kubectl.CommandError;
import dev.bulkhead.kubectl.ExitCodes;
import dev.bulkhead.kubectl.KubectlBulkhead;
import dev.bulkhead.kubectl.cluster.Cluster;
import dev.bulkhead.kubectl.cluster.Rollouts;
import dev.bulkhead.kubectl.render.ImpactFormats;
import dev.bulkhead.kubectl.render.ImpactReport;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code impact ROLLOUT}: the customer-impact report per tenant, from the rollout's status. */
@Command(name = "impact", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"The customer-impact report: for every tenant the new revision served, its requests and bad requests, "
                + "worst first, the excess over stable's rate and whether the analysis named it a culprit."})
public final class ImpactCommand implements Callable<Integer> {

    /** {@code -o}; the constants are the option's values, hence lower case. */
    enum Format {
        table, json, csv
    }

    @ParentCommand
    KubectlBulkhead root;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "ROLLOUT", description = "Name of the rollout.")
    String name;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "table, json or csv. Default: ${DEFAULT-VALUE}.")
    Format output;

    @Option(names = "--segment", paramLabel = "SEGMENT", description = "Only this segment's tenants (and totals over them).")
    String segment;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Cluster cluster = root.kube().connect()) {
            Rollout rollout = Rollouts.get(cluster, name);
            if (segment != null) {
                List<String> segments = Optional.ofNullable(rollout.getStatus()).map(s -> s.segments()).orElse(List.of())
                        .stream().map(SegmentStatus::name).toList();
                if (!segments.contains(segment)) {
                    throw CommandError.notFound("segment \"" + segment + "\" is not a segment of rollout "
                            + cluster.namespace() + "/" + name + (segments.isEmpty() ? " (its status lists none yet)"
                                    : " (its segments: " + String.join(", ", segments) + ")"));
                }
            }
            ImpactReport report = ImpactReport.of(rollout, segment);
            out.print(switch (output) {
                case table -> ImpactFormats.table(report);
                case json -> ImpactFormats.json(report);
                case csv -> ImpactFormats.csv(report);
            });
            out.flush();
            return ExitCodes.OK;
        }
    }
}
