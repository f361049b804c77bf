package dev.bulkhead.analysis.model;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The duration strings of the Bulkhead resources ({@code 30s}, {@code 5m}, {@code 1h30m}, {@code 30d}) and
 * their PromQL form. PromQL accepts the same units, but Bulkhead always renders whole seconds (or
 * milliseconds) so a computed window such as "time since the previous look" needs no unit arithmetic.
 */
public final class Durations {

    private static final Pattern WHOLE = Pattern.compile("((\\d+)(ms|s|m|h|d|w))+");
    private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d|w)");

    private Durations() {
    }

    /** Parses a duration string; the message names {@code field} so the user knows what to fix. */
    public static Duration parse(String text, String field) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(field + ": a duration is required (for example 5m, 1h, 30d)");
        }
        String trimmed = text.trim();
        if (!WHOLE.matcher(trimmed).matches()) {
            throw new IllegalArgumentException(field + ": '" + text
                    + "' is not a duration; use digits followed by ms, s, m, h, d or w (for example 1h30m)");
        }
        Duration total = Duration.ZERO;
        Matcher m = PART.matcher(trimmed);
        while (m.find()) {
            long n = Long.parseLong(m.group(1));
            total = total.plus(switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                case "w" -> Duration.ofDays(7 * n);
                default -> throw new IllegalStateException(m.group(2));
            });
        }
        if (total.isZero()) {
            throw new IllegalArgumentException(field + ": '" + text + "' must be longer than zero");
        }
        return total;
    }

    /** The PromQL range literal for a window: whole seconds when possible, else milliseconds. */
    public static String promql(Duration window) {
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("a PromQL window must be positive, got " + window);
        }
        long millis = window.toMillis();
        return millis % 1000 == 0 ? (millis / 1000) + "s" : millis + "ms";
    }

    /** A short human form ({@code 1h}, {@code 5m}, {@code 90s}) used in reports and window names. */
    public static String format(Duration d) {
        long s = d.getSeconds();
        if (d.toMillis() % 1000 != 0) {
            return d.toMillis() + "ms";
        }
        if (s % 86400 == 0) {
            return (s / 86400) + "d";
        }
        if (s % 3600 == 0) {
            return (s / 3600) + "h";
        }
        if (s % 60 == 0) {
            return (s / 60) + "m";
        }
        return s + "s";
    }
}
