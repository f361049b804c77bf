package dev.bulkhead.operator.release.route;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;

/** Turns the segments' exposure into the one {@link RouteExposure} a route can carry. */
public final class RouteExposures {

    private RouteExposures() {
    }

    /**
     * One listed segment: all of its tenants and those of them the current step exposes.
     *
     * @param name    segment name, for messages
     * @param tenants every tenant the segment lists
     * @param exposed the tenants of this segment on the canary (a subset of {@code tenants})
     */
    public record ListedSegment(String name, Set<String> tenants, Set<String> exposed) {
        public ListedSegment {
            tenants = Set.copyOf(tenants);
            exposed = Set.copyOf(exposed);
            if (!tenants.containsAll(exposed)) {
                throw new IllegalArgumentException("segment " + name + " exposes tenants it does not list");
            }
        }
    }

    /**
     * The route exposure for these segments.
     *
     * @param listed                the segments that list their tenants (explicitly or from a ConfigMap)
     * @param defaultSegmentPercent the percent of the default segment ("everyone else") exposed; 0 when the
     *                              Segmentation has no default segment
     * @throws RouteExposureNotExpressibleException when the default segment is partly exposed: a route matches
     *                                              listed header values and cannot pick a percentage of tenants
     *                                              nobody listed
     */
    public static RouteExposure of(Collection<ListedSegment> listed, int defaultSegmentPercent) {
        if (defaultSegmentPercent < 0 || defaultSegmentPercent > 100) {
            throw new IllegalArgumentException("percent must be within 0..100, was " + defaultSegmentPercent);
        }
        Set<String> exposed = new HashSet<>();
        Set<String> all = new HashSet<>();
        for (ListedSegment s : listed) {
            exposed.addAll(s.exposed());
            all.addAll(s.tenants());
        }
        if (defaultSegmentPercent == 0) {
            return RouteExposure.only(exposed);
        }
        if (defaultSegmentPercent == 100) {
            Set<String> stable = new TreeSet<>(all);
            stable.removeAll(exposed);
            return RouteExposure.allExcept(stable);
        }
        throw new RouteExposureNotExpressibleException("the default segment cannot be exposed at "
                + defaultSegmentPercent + "% by route: a route can only list tenant keys, and the default segment's "
                + "tenants are not listed anywhere. Use steps of 0 or 100% for the default segment, or release by flag "
                + "(Unleash hashes unlisted tenants too).");
    }
}
