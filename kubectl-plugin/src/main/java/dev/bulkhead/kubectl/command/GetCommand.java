package dev.bulkhead.kubectl.command;

import dev.bulkhead.api.v1alpha1.Rollout;
import dev.bulkhead.kubectl.CommandError;
import dev.bulkhead.kubectl.ExitCodes;
import dev.bulkhead.kubectl.KubectlBulkhead;
import dev.bulkhead.kubectl.cluster.Cluster;
import dev.bulkhead.kubectl.cluster.Rollouts;
import dev.bulkhead.kubectl.render.RolloutList;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code get [ROLLOUT]}: the list of rollouts like kubectl get, or one rollout's tree (exit 0 whatever its phase). */
@Command(name = "get", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Lists rollouts (name, phase, current segment, exposure, age), or shows one as a tree.",
            "Unlike status, get exits 0 whatever the rollout's phase (except with --until-phase)."})
public final class GetCommand implements Callable<Integer> {

    @ParentCommand
    KubectlBulkhead root;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "ROLLOUT", arity = "0..1", description = "Name of the rollout; without it, every rollout is listed.")
    String name;

    @Option(names = {"-A", "--all-namespaces"}, description = "List the rollouts of every namespace.")
    boolean allNamespaces;

    @Mixin
    RolloutDisplay display;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (name != null) {
            if (allNamespaces) {
                throw CommandError.usage("--all-namespaces lists rollouts; it does not go with a rollout name");
            }
            return display.show(root, out, spec.commandLine().getErr(), name, false);
        }
        if (display.watch || display.untilPhase != null || display.timeout != null) {
            throw CommandError.usage("--watch, --until-phase and --timeout need a rollout name");
        }
        try (Cluster cluster = root.kube().connect()) {
            List<Rollout> rollouts = Rollouts.list(cluster, allNamespaces);
            switch (display.output) {
                case json -> out.print(RolloutDisplay.json(list(rollouts)));
                case yaml -> out.print(Serialization.asYaml(list(rollouts)));
                case text -> {
                    if (rollouts.isEmpty()) {
                        PrintWriter err = spec.commandLine().getErr();
                        err.println(allNamespaces ? "No rollouts found." : "No rollouts found in namespace " + cluster.namespace() + ".");
                        err.flush();
                    } else {
                        out.print(RolloutList.render(rollouts, allNamespaces, root.clock().instant()));
                    }
                }
            }
            out.flush();
            return ExitCodes.OK;
        }
    }

    /** A v1 List, as kubectl get -o json prints several objects. (Its builder cannot hold custom resources.) */
    private static KubernetesList list(List<Rollout> rollouts) {
        KubernetesList list = new KubernetesList();
        list.setApiVersion("v1");
        list.setKind("List");
        list.setItems(rollouts.stream().map(RolloutDisplay::forOutput).map(HasMetadata.class::cast).toList());
        return list;
    }
}
