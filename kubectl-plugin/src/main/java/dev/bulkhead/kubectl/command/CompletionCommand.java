package dev.bulkhead.kubectl.command;

import dev.bulkhead.kubectl.ExitCodes;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code completion bash|zsh}: picocli's completion script for {@code kubectl-bulkhead}. One script serves both
 * shells: under zsh it loads bashcompinit itself.
 */
@Command(name = "completion", mixinStandardHelpOptions = true,
        description = {"Prints the shell completion script of kubectl-bulkhead (commands, options, option values).",
            "bash: source <(kubectl-bulkhead completion bash)   zsh: source <(kubectl-bulkhead completion zsh)"})
public final class CompletionCommand implements Callable<Integer> {

    /** The constants are the parameter's values, hence lower case. */
    enum Shell {
        bash, zsh
    }

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "SHELL", description = "bash or zsh.")
    Shell shell;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        out.print(AutoComplete.bash(spec.root().name(), spec.root().commandLine()));
        out.flush();
        return ExitCodes.OK;
    }
}
