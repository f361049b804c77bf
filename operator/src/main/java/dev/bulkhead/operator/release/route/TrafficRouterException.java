package dev.bulkhead.operator.release.route;

/** A traffic router could not read or write its route. The message says which object and why. */
public class TrafficRouterException extends RuntimeException {

    public TrafficRouterException(String message) {
        super(message);
    }

    public TrafficRouterException(String message, Throwable cause) {
        super(message, cause);
    }
}
