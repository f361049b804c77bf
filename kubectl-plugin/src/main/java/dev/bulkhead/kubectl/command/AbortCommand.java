package dev.bulkhead.kubectl.command;

import picocli.CommandLine.Command;

/** {@code abort ROLLOUT}: sets {@code bulkhead.dev/action=abort}. */
@Command(name = "abort", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Returns every tenant to stable and stops the rollout.",
            "Sets the annotation bulkhead.dev/action=abort and bulkhead.dev/actor=<you>; the operator applies and removes it."})
public final class AbortCommand extends ActionCommand {

    @Override
    String action() {
        return "abort";
    }

    @Override
    String effect() {
        return "abort: every tenant back on stable";
    }
}
