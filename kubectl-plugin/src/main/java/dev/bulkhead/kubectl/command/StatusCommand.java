package dev.bulkhead.kubectl.command;

import dev.bulkhead.kubectl.KubectlBulkhead;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code status ROLLOUT}: the tree, and the rollout's health as the exit code. */
@Command(name = "status", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Shows a rollout as a tree: segments, their steps and the analysis' verdicts, exposure, burn rates, "
                + "the tenants carrying a regression, conditions and recent history.",
            "Exits 5 when the rollout is RolledBack or Failed, so scripts can gate on it."})
public final class StatusCommand implements Callable<Integer> {

    @ParentCommand
    KubectlBulkhead root;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "ROLLOUT", description = "Name of the rollout.")
    String name;

    @Mixin
    RolloutDisplay display;

    @Override
    public Integer call() {
        return display.show(root, spec.commandLine().getOut(), spec.commandLine().getErr(), name, true);
    }
}
