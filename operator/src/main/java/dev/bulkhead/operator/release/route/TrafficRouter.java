package dev.bulkhead.operator.release.route;

/**
 * Sends the requests of exposed tenants to the canary Service and everyone else to the stable Service, by the
 * tenant header, through one route object ({@link RouteTarget}) that the user owns.
 *
 * <p><b>Ownership.</b> A router touches only the rules it manages (marked, see the adapters). The user's rules are
 * kept as they are, in their order, including edits made concurrently: writes are conditional on the object's
 * {@code resourceVersion} and retried from a fresh read on a conflict (HTTP 409).
 *
 * <p><b>Idempotency.</b> Every method can be called any number of times with the same argument; a call that finds
 * the route already in the wanted state writes nothing.
 *
 * <p><b>Failure.</b> Methods throw {@link RouteExposureNotExpressibleException} when an exposure does not fit the
 * route API's limits, before writing anything, so the route never exposes other tenants than asked. They throw
 * {@link TrafficRouterException} when the route object is missing, has no rule sending traffic to the stable Service,
 * or the API server refuses the write; the message names the object and the reason. After any exception the route
 * holds either its previous state or the new one, never a mix.
 */
public interface TrafficRouter {

    /**
     * Makes Bulkhead's rules carry exactly this exposure, replacing what they carried before.
     *
     * @throws RouteExposureNotExpressibleException when the exposure does not fit the API's limits
     * @throws TrafficRouterException               when the route cannot be read or written
     */
    void apply(RouteExposure exposure);

    /**
     * Reads the exposure Bulkhead's rules carry now and reports anything unexpected (drift).
     *
     * @throws TrafficRouterException when the route cannot be read or is missing
     */
    ObservedRoute observe();

    /**
     * Removes every rule Bulkhead manages, and every rule sending traffic to the canary Service, so all requests go
     * where the user's rules send them (stable). Used on rollback and by the finalizer. A missing route is already
     * restored and is not an error.
     *
     * @throws TrafficRouterException when the route cannot be written
     */
    void restoreStable();
}
