package dev.bulkhead.analysis.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code bulkhead}: the command line of the analysis module. */
@Command(name = "bulkhead", mixinStandardHelpOptions = true, version = "bulkhead 0.1.0",
        description = "Bulkhead's offline tools.", subcommands = {AnalyzeCommand.class})
public final class BulkheadCommand implements Runnable {

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new BulkheadCommand()).execute(args));
    }
}
