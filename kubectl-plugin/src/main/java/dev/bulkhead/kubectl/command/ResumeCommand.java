package dev.bulkhead.kubectl.command;

import picocli.CommandLine.Command;

/** {@code resume ROLLOUT}: sets {@code bulkhead.dev/action=resume}. */
@Command(name = "resume", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Continues a paused rollout from where it was held.",
            "Sets the annotation bulkhead.dev/action=resume and bulkhead.dev/actor=<you>; the operator applies and removes it."})
public final class ResumeCommand extends ActionCommand {

    @Override
    String action() {
        return "resume";
    }

    @Override
    String effect() {
        return "resume";
    }
}
