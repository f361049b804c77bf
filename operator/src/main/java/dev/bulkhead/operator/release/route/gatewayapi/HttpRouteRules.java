package dev.bulkhead.operator.release.route.gatewayapi;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulkhead.operator.release.route.ObservedRoute;
import dev.bulkhead.operator.release.route.RouteExposure;
import dev.bulkhead.operator.release.route.RouteExposureNotExpressibleException;
import dev.bulkhead.operator.release.route.RouteTarget;
import dev.bulkhead.operator.release.route.TenantHeaderValues;
import dev.bulkhead.operator.release.route.TenantMatching;
import dev.bulkhead.operator.release.route.TrafficRouterException;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRefBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPHeaderMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPPathMatchBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteMatchBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The pure part of the HTTPRoute router: from the route as read and the wanted exposure to the route to write.
 *
 * <p>For every user rule that sends traffic to the stable Service (a <em>source</em> rule), Bulkhead writes copies
 * of it just before it: same matches, filters and timeouts, each match narrowed by the tenant header, and the
 * canary Service as the only backend. A copy has one more header match than its source, so Gateway API's match
 * precedence (path, method, number of header matches, then list order) prefers it for the listed tenants and leaves
 * every other request to the user's rules.
 *
 * <p>The inverse form ({@link RouteExposure.AllExcept}) adds, before each source rule, copies narrowed to the stable
 * tenants that keep the source's backends, then an un-narrowed copy to the canary; the un-narrowed copy ties with
 * its source and wins by list order.
 *
 * <p>Managed rules are recognised by a fingerprint of their content kept in the annotation
 * {@value #MANAGED_RULES_ANNOTATION} (the standard channel of Gateway API v1.3 has no rule names), and, as a
 * safety net, by naming the canary Service, which only Bulkhead routes to.
 */
public final class HttpRouteRules {

    /** Comma-separated fingerprints of the rules Bulkhead wrote, in rule order. */
    public static final String MANAGED_RULES_ANNOTATION = "bulkhead.dev/managed-rules";

    // Gateway API v1 (v1.3.0 CRD, config/crd/standard/gateway.networking.k8s.io_httproutes.yaml): spec.rules
    // maxItems 16, rules[].matches maxItems 64, a CEL rule "total number of matches across all rules in a route
    // must be less than 128" (it tests <= 128), headers maxItems 16 per match, header value maxLength 4096.
    static final int MAX_RULES = 16;
    static final int MAX_MATCHES_PER_RULE = 64;
    static final int MAX_MATCHES_PER_ROUTE = 128;
    static final int MAX_HEADERS_PER_MATCH = 16;
    static final int MAX_HEADER_VALUE_LENGTH = 4096;

    static final String EXACT = "Exact";
    static final String REGULAR_EXPRESSION = "RegularExpression";

    private static final ObjectMapper JSON = new ObjectMapper();

    private HttpRouteRules() {
    }

    /**
     * The route with Bulkhead's rules carrying {@code exposure} and the user's rules unchanged.
     *
     * @throws RouteExposureNotExpressibleException when the exposure does not fit the limits
     * @throws TrafficRouterException               when no user rule sends traffic to the stable Service
     */
    public static HTTPRoute desired(HTTPRoute existing, RouteTarget target, RouteExposure exposure,
            TenantMatching matching) {
        HTTPRoute route = copy(existing);
        List<HTTPRouteRule> userRules = userRules(route, target);
        if (exposure.isNone()) {
            return withRules(route, userRules, Set.of());
        }
        List<Integer> sources = new ArrayList<>();
        for (int i = 0; i < userRules.size(); i++) {
            if (references(userRules.get(i), target.stableService(), target)) {
                sources.add(i);
            }
        }
        if (sources.isEmpty()) {
            throw new TrafficRouterException("HTTPRoute " + target + " has no rule whose backendRefs name the stable "
                    + "Service '" + target.stableService() + "'; Bulkhead narrows copies of those rules to the exposed "
                    + "tenants, so it needs at least one");
        }
        int userMatches = userRules.stream().mapToInt(r -> Math.max(1, size(r.getMatches()))).sum();
        TenantHeaderValues.requireExactFits(exposure.tenants(), MAX_HEADER_VALUE_LENGTH);
        Plan exact = plan(userRules, sources, target, exposure, List.copyOf(exposure.tenants()), EXACT);
        if (exact.fits(userRules.size(), userMatches)) {
            return withRules(route, exact.merged(userRules), exact.managed());
        }
        Plan regex = null;
        if (matching == TenantMatching.REGEX_WHEN_NEEDED) {
            List<String> chunks = TenantHeaderValues.regexChunks(exposure.tenants(), MAX_HEADER_VALUE_LENGTH);
            regex = plan(userRules, sources, target, exposure, chunks, REGULAR_EXPRESSION);
            if (regex.fits(userRules.size(), userMatches)) {
                return withRules(route, regex.merged(userRules), regex.managed());
            }
        }
        throw new RouteExposureNotExpressibleException(tooLarge(target, exposure, userRules.size(), userMatches,
                exact, regex, matching));
    }

    /** The route without any rule Bulkhead manages or that sends traffic to the canary Service. */
    public static HTTPRoute restored(HTTPRoute existing, RouteTarget target) {
        HTTPRoute route = copy(existing);
        return withRules(route, userRules(route, target), Set.of());
    }

    /** The exposure Bulkhead's rules carry, and anything that does not look like Bulkhead wrote it. */
    public static ObservedRoute observed(HTTPRoute route, RouteTarget target) {
        Set<String> prints = fingerprintsOf(route);
        Set<String> seen = new LinkedHashSet<>();
        List<String> anomalies = new ArrayList<>();
        SortedSet<String> canaryTenants = new TreeSet<>();
        SortedSet<String> stableTenants = new TreeSet<>();
        boolean canaryCatchAll = false;
        List<HTTPRouteRule> rules = rules(route);
        for (int i = 0; i < rules.size(); i++) {
            HTTPRouteRule rule = rules.get(i);
            String print = RuleFingerprint.of(rule);
            boolean toCanary = references(rule, target.canaryService(), target);
            if (!prints.contains(print)) {
                if (toCanary) {
                    anomalies.add("rule " + i + " sends traffic to the canary Service '" + target.canaryService()
                            + "' but Bulkhead did not write it (edited by hand?)");
                } else {
                    continue;
                }
            }
            seen.add(print);
            for (HTTPRouteMatch match : defaultedMatches(rule)) {
                Optional<HTTPHeaderMatch> header = tenantHeader(match, target);
                if (header.isEmpty()) {
                    if (toCanary) {
                        canaryCatchAll = true;
                    }
                    continue;
                }
                Optional<SortedSet<String>> tenants = tenantsOf(header.get());
                if (tenants.isEmpty()) {
                    anomalies.add("rule " + i + " matches header " + target.tenantHeader() + " with a value Bulkhead "
                            + "cannot read back");
                    continue;
                }
                (toCanary ? canaryTenants : stableTenants).addAll(tenants.get());
            }
        }
        long missing = prints.stream().filter(p -> !seen.contains(p)).count();
        if (missing > 0) {
            anomalies.add(missing + " rule(s) Bulkhead wrote were changed or removed by hand");
        }
        RouteExposure exposure = canaryCatchAll
                ? RouteExposure.allExcept(stableTenants)
                : RouteExposure.only(canaryTenants);
        return new ObservedRoute(exposure, anomalies);
    }

    // ---- planning

    private record Plan(Map<Integer, List<HTTPRouteRule>> bySource, int rules, int matches) {

        boolean fits(int userRules, int userMatches) {
            return userRules + rules <= MAX_RULES && userMatches + matches <= MAX_MATCHES_PER_ROUTE;
        }

        List<HTTPRouteRule> merged(List<HTTPRouteRule> userRules) {
            List<HTTPRouteRule> merged = new ArrayList<>();
            for (int i = 0; i < userRules.size(); i++) {
                merged.addAll(bySource.getOrDefault(i, List.of()));
                merged.add(userRules.get(i));
            }
            return merged;
        }

        Set<String> managed() {
            Set<String> prints = new LinkedHashSet<>();
            bySource.values().forEach(rules -> rules.forEach(r -> prints.add(RuleFingerprint.of(r))));
            return prints;
        }
    }

    private static Plan plan(List<HTTPRouteRule> userRules, List<Integer> sources, RouteTarget target,
            RouteExposure exposure, List<String> values, String type) {
        Map<Integer, List<HTTPRouteRule>> bySource = new TreeMap<>();
        int rules = 0;
        int matches = 0;
        boolean inverse = exposure instanceof RouteExposure.AllExcept;
        for (int index : sources) {
            HTTPRouteRule source = userRules.get(index);
            List<HTTPRouteMatch> narrowable = defaultedMatches(source).stream()
                    .filter(m -> tenantHeader(m, target).isEmpty())
                    .toList();
            if (narrowable.isEmpty()) {
                continue; // the user already routes on the tenant header here; their rule decides
            }
            List<HTTPRouteRule> copies = new ArrayList<>();
            List<HTTPRouteMatch> narrowed = new ArrayList<>();
            for (HTTPRouteMatch match : narrowable) {
                int headers = size(match.getHeaders());
                if (!values.isEmpty() && headers >= MAX_HEADERS_PER_MATCH) {
                    throw new RouteExposureNotExpressibleException("HTTPRoute " + target + ": a match of a rule sending "
                            + "traffic to '" + target.stableService() + "' already has " + headers
                            + " header matches, the most Gateway API allows; Bulkhead cannot add the tenant header");
                }
                for (String value : values) {
                    narrowed.add(withTenantHeader(match, target.tenantHeader(), type, value));
                }
            }
            List<HTTPBackendRef> narrowedBackends = inverse ? source.getBackendRefs() : List.of(canaryRef(target));
            for (int from = 0; from < narrowed.size(); from += MAX_MATCHES_PER_RULE) {
                List<HTTPRouteMatch> chunk = narrowed.subList(from, Math.min(narrowed.size(), from + MAX_MATCHES_PER_RULE));
                copies.add(copyOf(source, chunk, narrowedBackends));
                matches += chunk.size();
            }
            if (inverse) {
                copies.add(copyOf(source, narrowable, List.of(canaryRef(target))));
                matches += narrowable.size();
            }
            rules += copies.size();
            bySource.put(index, copies);
        }
        if (bySource.isEmpty()) {
            throw new RouteExposureNotExpressibleException("HTTPRoute " + target + ": every match of the rules sending "
                    + "traffic to '" + target.stableService() + "' already matches on header " + target.tenantHeader()
                    + "; Bulkhead leaves those to the user and has nothing left to narrow");
        }
        return new Plan(bySource, rules, matches);
    }

    private static String tooLarge(RouteTarget target, RouteExposure exposure, int userRules, int userMatches,
            Plan exact, Plan regex, TenantMatching matching) {
        String what = (exposure instanceof RouteExposure.Only ? "exposing " : "keeping on stable ")
                + exposure.tenants().size() + " tenant(s)";
        StringBuilder b = new StringBuilder("HTTPRoute ").append(target).append(": ").append(what)
                .append(" does not fit Gateway API's limits (").append(MAX_RULES).append(" rules, ")
                .append(MAX_MATCHES_PER_ROUTE).append(" matches per route); the user's rules take ").append(userRules)
                .append(" rules and ").append(userMatches).append(" matches, exact header matches would add ")
                .append(exact.rules()).append(" rules and ").append(exact.matches()).append(" matches");
        if (regex != null) {
            b.append(", regular-expression matches ").append(regex.rules()).append(" rules and ")
                    .append(regex.matches()).append(" matches");
        } else if (matching == TenantMatching.EXACT_ONLY) {
            b.append("; regular-expression header matches are disabled");
        }
        return b.append(". Nothing was changed. Release fewer tenants per step, release by flag, or enable "
                + "regular-expression header matches if the Gateway implementation supports them.").toString();
    }

    // ---- rules

    private static List<HTTPRouteRule> userRules(HTTPRoute route, RouteTarget target) {
        Set<String> prints = fingerprintsOf(route);
        return rules(route).stream()
                .filter(r -> !prints.contains(RuleFingerprint.of(r)) && !references(r, target.canaryService(), target))
                .toList();
    }

    private static HTTPRoute withRules(HTTPRoute route, List<HTTPRouteRule> rules, Set<String> managed) {
        route.getSpec().setRules(new ArrayList<>(rules));
        Map<String, String> annotations = route.getMetadata().getAnnotations() == null
                ? new LinkedHashMap<>()
                : new LinkedHashMap<>(route.getMetadata().getAnnotations());
        if (managed.isEmpty()) {
            annotations.remove(MANAGED_RULES_ANNOTATION);
        } else {
            annotations.put(MANAGED_RULES_ANNOTATION, String.join(",", managed));
        }
        route.getMetadata().setAnnotations(annotations);
        return route;
    }

    private static HTTPRouteRule copyOf(HTTPRouteRule source, List<HTTPRouteMatch> matches,
            List<HTTPBackendRef> backends) {
        HTTPRouteRule copy = JSON.convertValue(source, HTTPRouteRule.class);
        // A copy must not repeat the source's name: rule names are unique within a route where the CRD has them.
        copy.setName(null);
        copy.setMatches(matches.stream().map(m -> JSON.convertValue(m, HTTPRouteMatch.class)).toList());
        copy.setBackendRefs(backends.stream().map(b -> JSON.convertValue(b, HTTPBackendRef.class)).toList());
        return copy;
    }

    private static HTTPRouteMatch withTenantHeader(HTTPRouteMatch match, String header, String type, String value) {
        HTTPRouteMatch narrowed = JSON.convertValue(match, HTTPRouteMatch.class);
        List<HTTPHeaderMatch> headers = new ArrayList<>(narrowed.getHeaders() == null ? List.of() : narrowed.getHeaders());
        headers.add(new HTTPHeaderMatch(header, type, value));
        narrowed.setHeaders(headers);
        return narrowed;
    }

    /** The backend the managed rules send to, with every field the API server would default written out. */
    private static HTTPBackendRef canaryRef(RouteTarget target) {
        return new HTTPBackendRefBuilder().withGroup("").withKind("Service").withName(target.canaryService())
                .withPort(target.port()).withWeight(1).build();
    }

    /** A rule without matches matches every path; the API server writes that default, Bulkhead copies it. */
    private static List<HTTPRouteMatch> defaultedMatches(HTTPRouteRule rule) {
        if (rule.getMatches() == null || rule.getMatches().isEmpty()) {
            return List.of(new HTTPRouteMatchBuilder()
                    .withPath(new HTTPPathMatchBuilder().withType("PathPrefix").withValue("/").build()).build());
        }
        return rule.getMatches();
    }

    static boolean references(HTTPRouteRule rule, String service, RouteTarget target) {
        if (rule.getBackendRefs() == null) {
            return false;
        }
        return rule.getBackendRefs().stream().anyMatch(b -> service.equals(b.getName())
                && (b.getGroup() == null || b.getGroup().isEmpty())
                && (b.getKind() == null || "Service".equals(b.getKind()))
                && (b.getNamespace() == null || target.namespace().equals(b.getNamespace())));
    }

    private static Optional<HTTPHeaderMatch> tenantHeader(HTTPRouteMatch match, RouteTarget target) {
        if (match.getHeaders() == null) {
            return Optional.empty();
        }
        return match.getHeaders().stream().filter(h -> target.tenantHeader().equalsIgnoreCase(h.getName())).findFirst();
    }

    private static Optional<SortedSet<String>> tenantsOf(HTTPHeaderMatch header) {
        if (header.getType() == null || EXACT.equals(header.getType())) {
            return Optional.of(new TreeSet<>(Set.of(header.getValue())));
        }
        return TenantHeaderValues.parseRegex(header.getValue());
    }

    private static Set<String> fingerprintsOf(HTTPRoute route) {
        Map<String, String> annotations = route.getMetadata() == null ? null : route.getMetadata().getAnnotations();
        String value = annotations == null ? null : annotations.get(MANAGED_RULES_ANNOTATION);
        if (value == null || value.isBlank()) {
            return Set.of();
        }
        return new LinkedHashSet<>(Arrays.asList(value.split(",")));
    }

    private static List<HTTPRouteRule> rules(HTTPRoute route) {
        return route.getSpec() == null || route.getSpec().getRules() == null ? List.of() : route.getSpec().getRules();
    }

    private static int size(List<?> list) {
        return list == null ? 0 : list.size();
    }

    private static HTTPRoute copy(HTTPRoute route) {
        return JSON.convertValue(route, HTTPRoute.class);
    }
}
