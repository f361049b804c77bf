package dev.bulkhead.operator.release.flag;

/**
 * The flag store could not do what was asked. The message names the flag, the call and the store's own reason, never
 * a token.
 */
public class FlagStoreException extends RuntimeException {

    private final int status;

    /** @param status the HTTP status the store answered, or 0 when it could not be reached */
    public FlagStoreException(String message, int status, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    public FlagStoreException(String message, int status) {
        this(message, status, null);
    }

    /** The HTTP status the store answered, or 0 when it could not be reached (timeout, connection refused). */
    public int status() {
        return status;
    }

    /** True when retrying later may succeed: unreachable, timed out, rate-limited or a server error. */
    public boolean isTransient() {
        return status == 0 || status == 429 || status >= 500;
    }
}
