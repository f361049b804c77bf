package dev.bulkhead.operator.release.route;

/**
 * The requested exposure cannot be written into the route within its API's limits (or cannot be routed at all).
 * Thrown before anything is written: the route keeps its previous exposure, nobody is exposed by mistake.
 */
public class RouteExposureNotExpressibleException extends TrafficRouterException {

    public RouteExposureNotExpressibleException(String message) {
        super(message);
    }
}
