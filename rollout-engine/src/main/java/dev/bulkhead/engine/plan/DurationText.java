package dev.bulkhead.engine.plan;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The duration syntax of Bulkhead resources: {@code 30s}, {@code 5m}, {@code 1h30m}, {@code 30d}, {@code 500ms}. */
public final class DurationText {

    private static final Pattern WHOLE = Pattern.compile("(\\d+(ms|s|m|h|d))+");
    private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    private DurationText() {
    }

    /** The duration, or empty when the text is not in the syntax. */
    public static Optional<Duration> parse(String text) {
        if (text == null || !WHOLE.matcher(text).matches()) {
            return Optional.empty();
        }
        Duration total = Duration.ZERO;
        Matcher part = PART.matcher(text);
        try {
            while (part.find()) {
                long n = Long.parseLong(part.group(1));
                total = total.plus(switch (part.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                });
            }
        } catch (ArithmeticException | NumberFormatException tooLarge) {
            return Optional.empty();
        }
        return Optional.of(total);
    }

    /** The duration in the same syntax, largest units first: {@code 1h30m}, {@code 45s}, {@code 0s}. */
    public static String format(Duration d) {
        StringBuilder out = new StringBuilder();
        long rest = d.toMillis();
        long[] sizes = {86_400_000L, 3_600_000L, 60_000L, 1_000L, 1L};
        String[] units = {"d", "h", "m", "s", "ms"};
        for (int k = 0; k < sizes.length; k++) {
            if (rest >= sizes[k]) {
                out.append(rest / sizes[k]).append(units[k]);
                rest %= sizes[k];
            }
        }
        return out.isEmpty() ? "0s" : out.toString();
    }
}
