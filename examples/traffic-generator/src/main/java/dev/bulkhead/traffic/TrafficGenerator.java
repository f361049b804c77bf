package dev.bulkhead.traffic;

import java.io.PrintStream;
import java.net.http.HttpClient;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The traffic generator's entry point: parses the options, prints the plan, runs, prints the final summary.
 * Exit status: 0 after a run in which the service answered, 1 when it never answered, 2 for a usage error.
 */
public final class TrafficGenerator {

    private TrafficGenerator() {
    }

    public static void main(String[] args) throws InterruptedException {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws InterruptedException {
        if (Options.wantsHelp(args)) {
            out.print(Options.USAGE);
            return 0;
        }
        Options options;
        TenantRates rates;
        try {
            options = Options.parse(args);
            rates = TenantRates.zipf(options.tenants(), options.rate(), options.zipf(), options.floor(), options.seed());
        } catch (IllegalArgumentException e) {
            err.println("traffic-generator: " + e.getMessage());
            return 2;
        }
        out.println(plan(options, rates));
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(options.timeout())
                .build();
        RunStats stats = new LoadRunner(options, rates, http, out).run();
        RunStats.Summary total = stats.total(options.duration().toMillis() / 1e3);
        out.println(LoadRunner.line("total", total) + String.format(Locale.ROOT, " max=%.3fs", total.max()));
        out.println("codes: " + stats.codes().entrySet().stream()
                .map(e -> (e.getKey() == RunStats.NO_ANSWER ? "no-answer" : e.getKey()) + "=" + e.getValue())
                .collect(Collectors.joining(" ")));
        List<RunStats.TenantErrors> worst = stats.mostErrors(5);
        if (!worst.isEmpty()) {
            out.println("most errors: " + worst.stream()
                    .map(t -> t.tenant() + " " + t.errors() + "/" + t.requests())
                    .collect(Collectors.joining(", ")));
        }
        boolean answered = stats.codes().entrySet().stream().anyMatch(e -> e.getKey() != RunStats.NO_ANSWER && e.getValue() > 0);
        if (!answered) {
            err.println("traffic-generator: " + options.url() + " never answered");
            return 1;
        }
        return 0;
    }

    /** The run's plan: tenants, rate, duration, the heaviest tenants and how concentrated the traffic is. */
    static String plan(Options options, TenantRates rates) {
        List<TenantRates.TenantRate> byRank = rates.byRank();
        int tenth = Math.max(1, byRank.size() / 10);
        double topShare = byRank.subList(0, tenth).stream().mapToDouble(TenantRates.TenantRate::perSecond).sum() / rates.total();
        String heaviest = byRank.stream().limit(5)
                .map(r -> String.format(Locale.ROOT, "%s %.2f/s", r.tenant(), r.perSecond()))
                .collect(Collectors.joining(", "));
        return String.format(Locale.ROOT,
                "%s: %d tenants, %.1f requests/s for %ss (zipf %.2f, seed %d, concurrency %d); heaviest: %s;"
                        + " the top %d tenant(s) send %.0f%% of requests",
                options.url(), byRank.size(), rates.total(), options.duration().toMillis() / 1e3, options.zipf(),
                options.seed(), options.concurrency(), heaviest, tenth, 100 * topShare);
    }
}
