package dev.bulkhead.kubectl.command;

import picocli.CommandLine.Command;

/** {@code pause ROLLOUT}: sets {@code bulkhead.dev/action=pause}. */
@Command(name = "pause", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Holds the rollout where it is: no step changes until resume.",
            "Sets the annotation bulkhead.dev/action=pause and bulkhead.dev/actor=<you>; the operator applies and removes it."})
public final class PauseCommand extends ActionCommand {

    @Override
    String action() {
        return "pause";
    }

    @Override
    String effect() {
        return "pause";
    }
}
