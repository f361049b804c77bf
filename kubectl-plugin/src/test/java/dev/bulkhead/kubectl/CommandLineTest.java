package dev.bulkhead.kubectl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkhead.kubectl.Cli.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the command line refuses before it talks to any cluster, and what it prints without one. */
class CommandLineTest {

    private static final List<String> COMMANDS = List.of("get", "status", "promote", "pause", "resume", "abort", "retry",
            "override-freeze", "impact", "analyze", "completion");

    @Test
    void helpListsEveryCommandAndTheExitCodes() {
        Run run = Cli.run("--help");
        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("Usage: kubectl-bulkhead [-hV] [--as=USER]", "Exit codes:",
                "0   ok", "2   usage error", "3   not found", "4   forbidden", "5   rollout RolledBack or Failed", "6   timed out");
        COMMANDS.forEach(c -> assertThat(run.out()).contains("\n  " + c + " "));
    }

    @Test
    void everyCommandsHelpListsTheExitCodesAndTheConnectionOptions() {
        for (String command : COMMANDS) {
            Run run = Cli.run(command, "--help");
            assertThat(run.exit()).as(command).isZero();
            assertThat(run.out()).as(command).contains("Exit codes:", "4   forbidden", "-n, --namespace=NAMESPACE",
                    "--kubeconfig=FILE", "--context=CONTEXT");
        }
    }

    @Test
    void noCommandPrintsTheUsageAndExitsTwo() {
        Run run = Cli.run();
        assertThat(run.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("Usage: kubectl-bulkhead");
    }

    @Test
    void anUnknownOptionOrAMissingArgumentIsAUsageError() {
        Run unknown = Cli.run("status", "checkout", "--bogus");
        assertThat(unknown.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(unknown.err()).contains("Unknown option: '--bogus'");
        Run missing = Cli.run("pause");
        assertThat(missing.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(missing.err()).contains("Missing required parameter: 'ROLLOUT'");
        Run format = Cli.run("impact", "checkout", "-o", "xml");
        assertThat(format.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(format.err()).contains("expected one of [table, json, csv]");
    }

    @Test
    void untilPhaseMustNameAPhaseAndTimeoutNeedsAWatch() {
        Run phase = Cli.run("status", "checkout", "--until-phase", "Done");
        assertThat(phase.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(phase.err()).isEqualTo("error: --until-phase: 'Done' is not a phase; use one of Pending, Deploying, "
                + "Progressing, Paused, Frozen, Promoting, Released, RollingBack, RolledBack, Failed\n");
        Run timeout = Cli.run("status", "checkout", "--timeout", "5s");
        assertThat(timeout.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(timeout.err()).contains("--timeout only applies to --watch or --until-phase");
        Run listWatch = Cli.run("get", "--watch");
        assertThat(listWatch.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(listWatch.err()).contains("need a rollout name");
    }

    @Test
    void anActionsTimeoutMustBeADuration() {
        Run run = Cli.run("pause", "checkout", "--wait", "--timeout", "soon");
        assertThat(run.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("--timeout: 'soon' is not a duration");
    }

    @Test
    void overrideFreezeTakesEitherAReasonOrClear() {
        Run neither = Cli.run("override-freeze", "checkout", "paying");
        assertThat(neither.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(neither.err()).contains("Missing required argument", "--reason=TEXT", "--clear");
        Run both = Cli.run("override-freeze", "checkout", "paying", "--reason", "P0", "--clear");
        assertThat(both.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(both.err()).contains("mutually exclusive");
        Run blank = Cli.run("override-freeze", "checkout", "paying", "--reason", "  ");
        assertThat(blank.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(blank.err()).contains("--reason: give the reason");
        Run badName = Cli.run("override-freeze", "checkout", "Paying Customers", "--reason", "P0");
        assertThat(badName.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(badName.err()).contains("SEGMENT: 'Paying Customers' is not a segment name");
    }

    @Test
    void analyzeNeedsAnHttpPrometheusUrlFromTheOptionOrTheEnvironment() {
        Run none = Cli.run("analyze", "checkout");
        assertThat(none.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(none.err()).contains("--prometheus-url is required (or set BULKHEAD_PROMETHEUS_URL)");
        Run ftp = Cli.run(Map.of("BULKHEAD_PROMETHEUS_URL", "ftp://prometheus:9090"), "analyze", "checkout");
        assertThat(ftp.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(ftp.err()).contains("--prometheus-url: 'ftp://prometheus:9090' is not an http:// or https:// URL");
        Run at = Cli.run("analyze", "checkout", "--prometheus-url", "http://127.0.0.1:9090", "--at", "noon");
        assertThat(at.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(at.err()).contains("--at: 'noon' is not an RFC 3339 time");
    }

    @Test
    void completionPrintsOneScriptForBashAndZshWithEveryCommand() {
        Run bash = Cli.run("completion", "bash");
        assertThat(bash.exit()).isZero();
        assertThat(bash.out()).contains("complete -F _complete_kubectl-bulkhead", "ZSH_VERSION", "bashcompinit");
        COMMANDS.forEach(c -> assertThat(bash.out()).contains(c));
        assertThat(Cli.run("completion", "zsh").out()).isEqualTo(bash.out());
        Run fish = Cli.run("completion", "fish");
        assertThat(fish.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(fish.err()).contains("expected one of [bash, zsh]");
    }

    @Test
    void aContextTheKubeconfigDoesNotHaveIsAUsageError(@TempDir Path dir) throws Exception {
        Path kubeconfig = TestKubeconfig.unreachable(dir);
        Run run = Cli.run("get", "--kubeconfig", kubeconfig.toString(), "--context", "production");
        assertThat(run.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("--context: context \"production\" does not exist in the kubeconfig (" + kubeconfig + ")");
    }

    @Test
    void anUnreadableKubeconfigIsAUsageError(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("nope");
        Run run = Cli.run("get", "--kubeconfig", missing.toString());
        assertThat(run.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("--kubeconfig: cannot read " + missing);
        Path garbage = Files.writeString(dir.resolve("garbage"), "{{{ not yaml");
        Run bad = Cli.run("get", "--kubeconfig", garbage.toString());
        assertThat(bad.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.err()).contains("is not a kubeconfig");
    }

    @Test
    void anUnreachableApiServerIsAnErrorNamingItsAddress(@TempDir Path dir) throws Exception {
        Run run = Cli.run("get", "--kubeconfig", TestKubeconfig.unreachable(dir).toString());
        assertThat(run.exit()).isEqualTo(ExitCodes.ERROR);
        assertThat(run.err()).startsWith("error: cannot reach the API server at https://127.0.0.1:1/ to list rollouts in namespace \"shop\"");
    }

    @Test
    void anInvalidRolloutNameIsAUsageErrorBeforeAnyRequest(@TempDir Path dir) throws Exception {
        Run run = Cli.run("status", "Checkout/Prod", "--kubeconfig", TestKubeconfig.unreachable(dir).toString());
        assertThat(run.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("ROLLOUT: 'Checkout/Prod' is not a Kubernetes object name");
    }
}
