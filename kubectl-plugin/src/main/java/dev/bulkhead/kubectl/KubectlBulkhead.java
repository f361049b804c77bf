package dev.bulkhead.kubectl;

import dev.bulkhead.kubectl.cluster.ApiErrors;
import dev.bulkhead.kubectl.cluster.KubeOptions;
import dev.bulkhead.kubectl.command.AbortCommand;
import dev.bulkhead.kubectl.command.AnalyzeCommand;
import dev.bulkhead.kubectl.command.CdsTrainingCommand;
import dev.bulkhead.kubectl.command.CompletionCommand;
import dev.bulkhead.kubectl.command.GetCommand;
import dev.bulkhead.kubectl.command.ImpactCommand;
import dev.bulkhead.kubectl.command.OverrideFreezeCommand;
import dev.bulkhead.kubectl.command.PauseCommand;
import dev.bulkhead.kubectl.command.PromoteCommand;
import dev.bulkhead.kubectl.command.ResumeCommand;
import dev.bulkhead.kubectl.command.RetryCommand;
import dev.bulkhead.kubectl.command.StatusCommand;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code kubectl bulkhead}: kubectl runs {@code kubectl-bulkhead} from the PATH with the arguments after the plugin
 * name. Every command connects the kubectl way ({@link KubeOptions}) and exits with one of {@link ExitCodes}.
 */
@Command(name = "kubectl-bulkhead", mixinStandardHelpOptions = true, version = "kubectl-bulkhead 0.1.0",
        synopsisSubcommandLabel = "COMMAND",
        description = {"Bulkhead's kubectl plugin: watch a rollout segment by segment, steer it, and see who it hurt.",
            "Run it as 'kubectl bulkhead COMMAND' (kubectl finds kubectl-bulkhead on the PATH) or directly."},
        subcommands = {GetCommand.class, StatusCommand.class, PromoteCommand.class, PauseCommand.class, ResumeCommand.class,
            AbortCommand.class, RetryCommand.class, OverrideFreezeCommand.class, ImpactCommand.class, AnalyzeCommand.class,
            CompletionCommand.class, HelpCommand.class, CdsTrainingCommand.class})
public final class KubectlBulkhead implements Callable<Integer> {

    @Mixin
    KubeOptions kube;

    @Spec
    CommandSpec spec;

    private final Clock clock;
    private final Function<String, String> environment;

    public KubectlBulkhead() {
        this(Clock.systemUTC(), System::getenv);
    }

    /** With the clock ages are measured against and the environment variables defaults are read from. */
    public KubectlBulkhead(Clock clock, Function<String, String> environment) {
        this.clock = clock;
        this.environment = environment;
    }

    public KubeOptions kube() {
        return kube;
    }

    public Clock clock() {
        return clock;
    }

    /** An environment variable, or null. */
    public String environment(String name) {
        return environment.apply(name);
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }

    /** The command line with the exit codes in every command's help and errors turned into messages and codes. */
    public static CommandLine commandLine(KubectlBulkhead root) {
        CommandLine cli = new CommandLine(root);
        cli.setExecutionExceptionHandler(KubectlBulkhead::handle);
        withExitCodes(cli, ExitCodes.help());
        return cli;
    }

    public static void main(String[] args) {
        System.exit(commandLine(new KubectlBulkhead()).execute(args));
    }

    private static void withExitCodes(CommandLine cli, Map<String, String> codes) {
        cli.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(codes);
        cli.getSubcommands().values().forEach(sub -> withExitCodes(sub, codes));
    }

    /** Every failure ends as one line on stderr and an exit code; never a stack trace. */
    private static int handle(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
        CommandError error;
        if (e instanceof CommandError known) {
            error = known;
        } else if (e instanceof KubernetesClientException api) {
            error = ApiErrors.translate(api, "complete the request", "the API server");
        } else {
            error = new CommandError(ExitCodes.ERROR, e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
        PrintWriter err = cli.getErr();
        err.println("error: " + error.getMessage());
        err.flush();
        return error.exitCode();
    }
}
