package dev.bulkhead.operator.release.flag;

/**
 * The flag store could not do what was asked. The message names the flag, the call and the store's own reason, never
 * a token.
 */
public class FlagStoreException extends RuntimeException {

    /** Why the call failed, which decides whether a retry can help. */
    public enum Kind {
        /** Unreachable, timed out, rate-limited or a server error: retrying later may succeed. */
        UNAVAILABLE,
        /**
         * The store refused the request (a 4xx: token, project, environment, a limit), or Bulkhead refused to send one
         * the store's limits would refuse: the same request will fail again until the spec or the store changes.
         */
        REJECTED,
        /** The namespace may not use this Unleash project or environment ({@code bulkhead.unleash.access}). */
        NOT_ALLOWED,
        /** The feature exists and was not created by Bulkhead for this namespace: Bulkhead changes nothing on it. */
        NOT_OWNED
    }

    private final int status;
    private final Kind kind;

    /** @param status the HTTP status the store answered, or 0 when it could not be reached */
    public FlagStoreException(String message, int status, Throwable cause) {
        this(message, status, kindOf(status), cause);
    }

    public FlagStoreException(String message, int status) {
        this(message, status, null);
    }

    /** A failure of a given kind; {@code status} is the store's HTTP status, or 0 when no request was answered. */
    public FlagStoreException(String message, int status, Kind kind, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.kind = kind;
    }

    /** The HTTP status the store answered, or 0 when it could not be reached (timeout, connection refused). */
    public int status() {
        return status;
    }

    public Kind kind() {
        return kind;
    }

    /** True when retrying later may succeed: unreachable, timed out, rate-limited or a server error. */
    public boolean isTransient() {
        return kind == Kind.UNAVAILABLE;
    }

    private static Kind kindOf(int status) {
        return status == 0 || status == 429 || status >= 500 ? Kind.UNAVAILABLE : Kind.REJECTED;
    }
}
