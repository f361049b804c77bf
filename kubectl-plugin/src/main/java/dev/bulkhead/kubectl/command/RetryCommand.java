package dev.bulkhead.kubectl.command;

import picocli.CommandLine.Command;

/** {@code retry ROLLOUT}: sets {@code bulkhead.dev/action=retry}. */
@Command(name = "retry", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Releases the same revision again after a rollback or failure: from the rolled-back segment when earlier ones kept it, else from the start.",
            "Sets the annotation bulkhead.dev/action=retry and bulkhead.dev/actor=<you>; the operator applies and removes it."})
public final class RetryCommand extends ActionCommand {

    @Override
    String action() {
        return "retry";
    }

    @Override
    String effect() {
        return "retry: release the same revision again";
    }
}
