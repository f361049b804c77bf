package dev.bulkhead.kubectl.render;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Ages the way kubectl prints them: two units while that is still precise enough to matter, then one. */
public final class Ages {

    private Ages() {
    }

    /** The age of an RFC 3339 time, or {@code -} when it is absent or not a time. */
    public static String since(String time, Instant now) {
        if (time == null || time.isBlank()) {
            return "-";
        }
        try {
            return of(Duration.between(Instant.parse(time), now));
        } catch (DateTimeParseException e) {
            return "-";
        }
    }

    public static String of(Duration age) {
        long s = Math.max(0, age.getSeconds());
        long m = s / 60;
        long h = m / 60;
        long d = h / 24;
        if (s < 120) {
            return s + "s";
        }
        if (m < 10) {
            return m + "m" + (s % 60 == 0 ? "" : (s % 60) + "s");
        }
        if (h < 3) {
            return m + "m";
        }
        if (h < 8) {
            return h + "h" + (m % 60 == 0 ? "" : (m % 60) + "m");
        }
        if (h < 48) {
            return h + "h";
        }
        if (d < 8) {
            return d + "d" + (h % 24 == 0 ? "" : (h % 24) + "h");
        }
        return d + "d";
    }
}
