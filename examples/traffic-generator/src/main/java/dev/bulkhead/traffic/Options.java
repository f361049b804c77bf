package dev.bulkhead.traffic;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The command line of the traffic generator, parsed and checked. Every error is an {@link IllegalArgumentException}
 * whose message names the option.
 *
 * @param url         the target, on loopback
 * @param header      the tenant header
 * @param tenants     distinct tenant keys, in the order given
 * @param rate        total requests per second
 * @param zipf        the Zipf exponent of the rates over tenant ranks
 * @param floor       requests per second every tenant gets at least
 * @param concurrency requests in flight at most
 * @param duration    how long the run lasts
 * @param interval    how often a summary line is printed
 * @param timeout     the timeout of one request
 * @param seed        the seed of the rank shuffle and of the schedule
 */
public record Options(URI url, String header, List<String> tenants, double rate, double zipf, double floor,
        int concurrency, Duration duration, Duration interval, Duration timeout, long seed) {

    /** The longest run accepted: the generator must stop by itself. */
    public static final Duration MAX_DURATION = Duration.ofHours(24);

    static final String USAGE = """
            Usage: java -jar bulkhead-traffic-generator.jar [options]
            Sends tenant-tagged requests to a service on this machine, with heavy-tailed (Zipf) rates per tenant.

              --url URL               target, on loopback only (default http://127.0.0.1:8090/checkout)
              --header NAME           the tenant header (default X-Tenant-Id)
              --tenants A,B,C         tenant keys (repeatable)
              --tenants-file FILE     tenant keys separated by newlines or commas, e.g. a Segmentation's
                                      ConfigMap list (repeatable)
              --synthetic N           add N generated tenants tenant-0001 ... (default 0)
              --rate R                total requests per second (default 50)
              --zipf S                Zipf exponent over tenant ranks; 0 = uniform (default 1.1)
              --min-tenant-rate R     requests per second every tenant gets at least (default 0)
              --concurrency N         requests in flight at most; arrivals beyond are skipped (default 64)
              --duration D            run length, at most 24h: 90, 90s, 5m, 1h (default 60s)
              --interval D            summary line period (default 5s)
              --timeout D             request timeout (default 10s)
              --seed N                seed of the tenant ranks and the arrivals (default 1)
              --help                  this text
            """;

    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)?");

    /**
     * Parses the arguments. {@code --help} is the caller's business (see {@link #wantsHelp(String[])}).
     *
     * @throws IllegalArgumentException naming the option at fault
     */
    public static Options parse(String[] args) {
        String url = "http://127.0.0.1:8090/checkout";
        String header = "X-Tenant-Id";
        Set<String> tenants = new LinkedHashSet<>();
        int synthetic = 0;
        double rate = 50;
        double zipf = 1.1;
        double floor = 0;
        int concurrency = 64;
        Duration duration = Duration.ofSeconds(60);
        Duration interval = Duration.ofSeconds(5);
        Duration timeout = Duration.ofSeconds(10);
        long seed = 1;
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(option + " needs a value (see --help)");
            }
            String value = args[++i];
            switch (option) {
                case "--url" -> url = value;
                case "--header" -> header = value;
                case "--tenants" -> tenants.addAll(tenantKeys(value));
                case "--tenants-file" -> tenants.addAll(tenantKeys(read(value)));
                case "--synthetic" -> synthetic = integer(option, value, 0, 1_000_000);
                case "--rate" -> rate = number(option, value);
                case "--zipf" -> zipf = number(option, value);
                case "--min-tenant-rate" -> floor = number(option, value);
                case "--concurrency" -> concurrency = integer(option, value, 1, 10_000);
                case "--duration" -> duration = duration(option, value);
                case "--interval" -> interval = duration(option, value);
                case "--timeout" -> timeout = duration(option, value);
                case "--seed" -> seed = longInteger(option, value);
                default -> throw new IllegalArgumentException("unknown option " + option + " (see --help)");
            }
        }
        for (int n = 1; n <= synthetic; n++) {
            tenants.add(String.format(Locale.ROOT, "tenant-%04d", n));
        }
        if (tenants.isEmpty()) {
            throw new IllegalArgumentException("no tenants: give --tenants, --tenants-file or --synthetic");
        }
        if (header.isBlank()) {
            throw new IllegalArgumentException("--header must not be blank");
        }
        if (duration.isZero() || duration.compareTo(MAX_DURATION) > 0) {
            throw new IllegalArgumentException("--duration must be more than 0 and at most 24h, got " + duration);
        }
        if (interval.isZero() || timeout.isZero()) {
            throw new IllegalArgumentException("--interval and --timeout must be more than 0");
        }
        return new Options(LoopbackGuard.requireLoopback(url), header, List.copyOf(tenants), rate, zipf, floor,
                concurrency, duration, interval, timeout, seed);
    }

    public static boolean wantsHelp(String[] args) {
        return List.of(args).contains("--help") || List.of(args).contains("-h");
    }

    /** Tenant keys separated by commas or line breaks, trimmed; blank entries and {@code #} comment lines dropped. */
    static List<String> tenantKeys(String list) {
        List<String> keys = new ArrayList<>();
        for (String line : list.split("\\R")) {
            if (line.strip().startsWith("#")) {
                continue;
            }
            for (String key : line.split(",")) {
                if (!key.isBlank()) {
                    keys.add(key.strip());
                }
            }
        }
        return keys;
    }

    /** "90" (seconds), "90s", "500ms", "5m", "1h". */
    static Duration duration(String option, String value) {
        Matcher m = DURATION.matcher(value.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException(option + " " + value + ": expected a duration such as 90, 90s, 500ms, 5m or 1h");
        }
        double amount = Double.parseDouble(m.group(1));
        double millis = switch (m.group(2) == null ? "s" : m.group(2)) {
            case "ms" -> amount;
            case "m" -> amount * 60_000;
            case "h" -> amount * 3_600_000;
            default -> amount * 1_000;
        };
        return Duration.ofMillis(Math.round(millis));
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file));
        } catch (IOException e) {
            throw new IllegalArgumentException("--tenants-file " + file + ": cannot read it (" + e.getMessage() + ")",
                    new UncheckedIOException(e));
        }
    }

    private static double number(String option, String value) {
        try {
            double d = Double.parseDouble(value);
            if (Double.isFinite(d)) {
                return d;
            }
        } catch (NumberFormatException e) {
            // the message below says what is expected
        }
        throw new IllegalArgumentException(option + " " + value + ": expected a number");
    }

    private static int integer(String option, String value, int min, int max) {
        try {
            int n = Integer.parseInt(value);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // the message below says what is expected
        }
        throw new IllegalArgumentException(option + " " + value + ": expected a whole number from " + min + " to " + max);
    }

    private static long longInteger(String option, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " " + value + ": expected a whole number");
        }
    }
}
