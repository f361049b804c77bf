package dev.bulkhead.analysis.judge;

/**
 * The verdict on one indicator of one segment, with its reason (one CamelCase word), a sentence for humans and
 * the numbers behind it ({@code evidence} is null only for errors that happened before any data was read).
 */
public record IndicatorVerdict(String indicator, Verdict verdict, String reason, String message, Evidence evidence) {

    public static IndicatorVerdict error(String indicator, String reason, String message) {
        return new IndicatorVerdict(indicator, Verdict.ERROR, reason, message, null);
    }
}
