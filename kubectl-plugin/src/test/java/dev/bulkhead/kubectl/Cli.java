package dev.bulkhead.kubectl;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;

/** Runs the plugin in-process as a user would, with stdout and stderr captured. */
public final class Cli {

    /** One run: the exit code and what was printed. */
    public record Run(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    /** A run in the background (--watch, --wait), whose output can be read while it runs. */
    public static final class Running {
        private final StringWriter out = new StringWriter();
        private final StringWriter err = new StringWriter();
        private CompletableFuture<Integer> exit;

        /** What it printed so far. */
        public String out() {
            return out.toString();
        }

        public Run finish(Duration within) throws Exception {
            int code = exit.get(within.toMillis(), TimeUnit.MILLISECONDS);
            return new Run(code, out.toString(), err.toString());
        }
    }

    private Cli() {
    }

    public static Run run(String... args) {
        return run(Map.of(), args);
    }

    /** With these environment variables (and no others). */
    public static Run run(Map<String, String> environment, String... args) {
        Running running = new Running();
        int exit = commandLine(environment, running).execute(args);
        return new Run(exit, running.out.toString(), running.err.toString());
    }

    public static Running start(String... args) {
        Running running = new Running();
        CommandLine cli = commandLine(Map.of(), running);
        running.exit = CompletableFuture.supplyAsync(() -> cli.execute(args));
        return running;
    }

    private static CommandLine commandLine(Map<String, String> environment, Running running) {
        CommandLine cli = KubectlBulkhead.commandLine(new KubectlBulkhead(Clock.systemUTC(), environment::get));
        cli.setOut(new PrintWriter(running.out, true));
        cli.setErr(new PrintWriter(running.err, true));
        return cli;
    }
}
