package dev.bulkhead.operator.release.route;

import java.util.List;

/**
 * What a route does now, as far as Bulkhead's rules go.
 *
 * @param exposure  the exposure Bulkhead's rules carry ({@link RouteExposure#none()} when there are none)
 * @param anomalies what does not look like Bulkhead wrote it, e.g. a rule sending traffic to the canary Service that
 *                  Bulkhead does not manage, or a managed rule edited by hand; empty when the route is as written.
 *                  A non-empty list is drift: {@link TrafficRouter#apply} rewrites the managed rules and
 *                  {@link TrafficRouter#restoreStable} removes every rule pointing at the canary.
 */
public record ObservedRoute(RouteExposure exposure, List<String> anomalies) {

    public ObservedRoute {
        anomalies = List.copyOf(anomalies);
    }

    /** True when the route carries exactly this exposure and nothing unexpected. */
    public boolean carries(RouteExposure expected) {
        return anomalies.isEmpty() && exposure.equals(expected);
    }
}
