package dev.bulkhead.analysis.source;

/** A metric source failed; {@link #getMessage()} carries the source's own message (for example Prometheus' parse error). */
public final class MetricSourceException extends RuntimeException {

    /** Why the query failed. */
    public enum Kind {
        /** The source rejected the query (bad PromQL, bad parameters): retrying cannot help. */
        REJECTED,
        /** The source did not answer in time or answered with a server error after all retries. */
        UNAVAILABLE,
        /** Credentials were refused. */
        UNAUTHORIZED,
        /** The source answered with something that is not a valid response. */
        MALFORMED
    }

    private final Kind kind;

    public MetricSourceException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public MetricSourceException(Kind kind, String message) {
        this(kind, message, null);
    }

    public Kind kind() {
        return kind;
    }
}
