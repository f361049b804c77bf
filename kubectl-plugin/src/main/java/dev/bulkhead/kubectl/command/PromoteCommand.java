package dev.bulkhead.kubectl.command;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code promote [--full] ROLLOUT}: sets {@code bulkhead.dev/action=promote} or {@code promote-full}. */
@Command(name = "promote", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Enters the next step now: skips the rest of the bake and passes a manual gate. With --full, exposes "
                + "every segment fully and promotes (error-budget freezes still apply).",
            "Sets the annotation bulkhead.dev/action=promote (or promote-full) and bulkhead.dev/actor=<you>; the operator "
                + "applies and removes it."})
public final class PromoteCommand extends ActionCommand {

    @Option(names = "--full", description = "Expose every segment fully and promote (bulkhead.dev/action=promote-full).")
    boolean full;

    @Override
    String action() {
        return full ? "promote-full" : "promote";
    }

    @Override
    String effect() {
        return full ? "expose every segment fully and promote" : "enter the next step now";
    }
}
