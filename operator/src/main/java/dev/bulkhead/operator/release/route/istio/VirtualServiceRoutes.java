package dev.bulkhead.operator.release.route.istio;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulkhead.operator.release.route.ObservedRoute;
import dev.bulkhead.operator.release.route.RouteExposure;
import dev.bulkhead.operator.release.route.RouteExposureNotExpressibleException;
import dev.bulkhead.operator.release.route.RouteTarget;
import dev.bulkhead.operator.release.route.TenantHeaderValues;
import dev.bulkhead.operator.release.route.TenantMatching;
import dev.bulkhead.operator.release.route.TrafficRouterException;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The pure part of the VirtualService router: from the object as read and the wanted exposure to the object to write.
 *
 * <p>Istio evaluates {@code spec.http} in order and takes the first route whose {@code match} list has a matching
 * entry. For every user route sending traffic to the stable Service (a <em>source</em> route), Bulkhead inserts
 * copies just before it: same matches each narrowed by the tenant header, the canary Service as destination, every
 * other field (timeouts, retries, rewrites, header edits) kept. Inserting before each source rather than at the top
 * keeps the user's earlier, more specific routes ahead of copies of their later catch-all.
 *
 * <p>Managed routes carry a {@code name} starting with {@value #NAME_PREFIX}; routes sending traffic to the canary
 * Service are treated as Bulkhead's too when restoring.
 */
public final class VirtualServiceRoutes {

    /** Prefix of the {@code name} of every route Bulkhead writes. */
    public static final String NAME_PREFIX = "bulkhead-";

    // Istio's VirtualService schema has no maxItems: the limits are the object size (etcd's default
    // --max-request-bytes is 1.5 MiB; leave room for metadata and the user's routes) and the data plane, where every
    // match entry becomes one Envoy route evaluated in order on every proxy importing the VirtualService.
    static final int MAX_OBJECT_BYTES = 1024 * 1024;
    static final int MAX_EXACT_MATCHES = 1000;
    // Regex program size grows with the pattern; Envoy rejects programs above re2.max_program_size.error_level.
    static final int MAX_REGEX_LENGTH = 1024;

    private static final ObjectMapper JSON = new ObjectMapper();

    private VirtualServiceRoutes() {
    }

    /**
     * The VirtualService with Bulkhead's routes carrying {@code exposure} and the user's routes unchanged.
     *
     * @throws RouteExposureNotExpressibleException when the exposure does not fit the limits
     * @throws TrafficRouterException               when no user route sends traffic to the stable Service
     */
    public static GenericKubernetesResource desired(GenericKubernetesResource existing, RouteTarget target,
            RouteExposure exposure, TenantMatching matching) {
        ObjectNode spec = spec(existing);
        List<ObjectNode> userRoutes = userRoutes(spec, target);
        if (exposure.isNone()) {
            return withRoutes(existing, spec, userRoutes);
        }
        if (userRoutes.stream().noneMatch(r -> sendsTo(r, target.stableService(), target))) {
            throw new TrafficRouterException("VirtualService " + target + " has no http route whose destination is the "
                    + "stable Service '" + target.stableService() + "'; Bulkhead narrows copies of those routes to the "
                    + "exposed tenants, so it needs at least one");
        }
        TenantHeaderValues.requireExactFits(exposure.tenants(), MAX_OBJECT_BYTES);
        List<String> values = new ArrayList<>(exposure.tenants());
        String type = "exact";
        if (plannedMatches(userRoutes, target, values.size()) > MAX_EXACT_MATCHES) {
            if (matching != TenantMatching.REGEX_WHEN_NEEDED) {
                throw new RouteExposureNotExpressibleException("VirtualService " + target + ": "
                        + describe(exposure) + " needs more than " + MAX_EXACT_MATCHES + " exact header matches, "
                        + "Bulkhead's cap for one VirtualService (each becomes an Envoy route on every proxy), and "
                        + "regular-expression matches are disabled. Nothing was changed.");
            }
            values = TenantHeaderValues.regexChunks(exposure.tenants(), MAX_REGEX_LENGTH);
            type = "regex";
        }
        List<ObjectNode> merged = new ArrayList<>();
        int copies = 0;
        for (ObjectNode route : userRoutes) {
            if (sendsTo(route, target.stableService(), target)) {
                List<ObjectNode> managed = copiesOf(route, target, exposure, values, type, copies);
                copies += managed.size();
                merged.addAll(managed);
            }
            merged.add(route);
        }
        if (copies == 0) {
            throw new RouteExposureNotExpressibleException("VirtualService " + target + ": every match of the routes "
                    + "sending traffic to '" + target.stableService() + "' already matches on header "
                    + target.tenantHeader() + "; Bulkhead leaves those to the user and has nothing left to narrow");
        }
        GenericKubernetesResource result = withRoutes(existing, spec, merged);
        int bytes = size(result);
        if (bytes > MAX_OBJECT_BYTES) {
            throw new RouteExposureNotExpressibleException("VirtualService " + target + ": " + describe(exposure)
                    + " makes the object " + bytes + " bytes, above Bulkhead's limit of " + MAX_OBJECT_BYTES
                    + " (etcd stores at most 1.5 MiB per object). Nothing was changed.");
        }
        return result;
    }

    /** The VirtualService without any route Bulkhead manages or that sends traffic to the canary Service. */
    public static GenericKubernetesResource restored(GenericKubernetesResource existing, RouteTarget target) {
        ObjectNode spec = spec(existing);
        return withRoutes(existing, spec, userRoutes(spec, target));
    }

    /** The exposure Bulkhead's routes carry, and anything that does not look like Bulkhead wrote it. */
    public static ObservedRoute observed(GenericKubernetesResource existing, RouteTarget target) {
        List<String> anomalies = new ArrayList<>();
        SortedSet<String> canaryTenants = new TreeSet<>();
        SortedSet<String> stableTenants = new TreeSet<>();
        boolean canaryCatchAll = false;
        List<ObjectNode> routes = routes(spec(existing));
        for (int i = 0; i < routes.size(); i++) {
            ObjectNode route = routes.get(i);
            boolean toCanary = sendsTo(route, target.canaryService(), target);
            if (!isManaged(route)) {
                if (toCanary) {
                    anomalies.add("http route " + i + " sends traffic to the canary Service '" + target.canaryService()
                            + "' but Bulkhead did not write it (edited by hand?)");
                } else {
                    continue;
                }
            }
            for (JsonNode match : matches(route)) {
                JsonNode header = match.path("headers").get(headerKey(target));
                if (header == null) {
                    canaryCatchAll |= toCanary;
                    continue;
                }
                Optional<SortedSet<String>> tenants = header.has("exact")
                        ? Optional.of(new TreeSet<>(List.of(header.get("exact").asText())))
                        : TenantHeaderValues.parseRegex(header.path("regex").asText(null));
                if (tenants.isEmpty()) {
                    anomalies.add("http route " + i + " matches header " + headerKey(target)
                            + " with a value Bulkhead cannot read back");
                    continue;
                }
                (toCanary ? canaryTenants : stableTenants).addAll(tenants.get());
            }
        }
        RouteExposure exposure = canaryCatchAll ? RouteExposure.allExcept(stableTenants)
                : RouteExposure.only(canaryTenants);
        return new ObservedRoute(exposure, anomalies);
    }

    private static List<ObjectNode> copiesOf(ObjectNode source, RouteTarget target, RouteExposure exposure,
            List<String> values, String type, int numbered) {
        List<JsonNode> narrowable = new ArrayList<>();
        for (JsonNode match : matches(source)) {
            if (!match.path("headers").has(headerKey(target))) {
                narrowable.add(match);
            }
        }
        if (narrowable.isEmpty()) {
            return List.of();
        }
        ArrayNode narrowed = JSON.createArrayNode();
        for (JsonNode match : narrowable) {
            for (String value : values) {
                ObjectNode m = match.deepCopy();
                ObjectNode headers = m.has("headers") ? (ObjectNode) m.get("headers") : m.putObject("headers");
                headers.putObject(headerKey(target)).put(type, value);
                m.remove("name");
                narrowed.add(m);
            }
        }
        List<ObjectNode> copies = new ArrayList<>();
        if (exposure instanceof RouteExposure.AllExcept) {
            // An empty match list would match every request: write the stable copy only when tenants stay on stable.
            if (!narrowed.isEmpty()) {
                ObjectNode stable = source.deepCopy();
                stable.put("name", NAME_PREFIX + "stable-" + numbered);
                stable.set("match", narrowed);
                copies.add(stable);
            }
            ObjectNode rest = toCanary(source, target, NAME_PREFIX + "canary-" + (numbered + copies.size()));
            ArrayNode all = JSON.createArrayNode();
            narrowable.forEach(all::add);
            rest.set("match", all);
            copies.add(rest);
        } else {
            ObjectNode canary = toCanary(source, target, NAME_PREFIX + "canary-" + numbered);
            canary.set("match", narrowed);
            copies.add(canary);
        }
        return copies;
    }

    private static ObjectNode toCanary(ObjectNode source, RouteTarget target, String name) {
        ObjectNode copy = source.deepCopy();
        copy.put("name", name);
        ArrayNode destinations = copy.putArray("route");
        ObjectNode destination = destinations.addObject().putObject("destination");
        destination.put("host", target.canaryService());
        destination.putObject("port").put("number", target.port());
        // A mirror or a traffic split to other hosts in the source would apply to the canary copy too; drop them.
        copy.remove("mirror");
        copy.remove("mirrors");
        copy.remove("mirrorPercentage");
        return copy;
    }

    /** Count of narrowed match entries, before packing, to choose exact or regex. */
    private static int plannedMatches(List<ObjectNode> userRoutes, RouteTarget target, int values) {
        int matches = 0;
        for (ObjectNode route : userRoutes) {
            if (sendsTo(route, target.stableService(), target)) {
                for (JsonNode match : matches(route)) {
                    if (!match.path("headers").has(headerKey(target))) {
                        matches += values;
                    }
                }
            }
        }
        return matches;
    }

    private static String describe(RouteExposure exposure) {
        return (exposure instanceof RouteExposure.Only ? "exposing " : "keeping on stable ") + exposure.tenants().size()
                + " tenant(s)";
    }

    /** Istio requires lower-case header names in matches. */
    static String headerKey(RouteTarget target) {
        return target.tenantHeader().toLowerCase(Locale.ROOT);
    }

    private static List<ObjectNode> userRoutes(ObjectNode spec, RouteTarget target) {
        return routes(spec).stream()
                .filter(r -> !isManaged(r) && !sendsTo(r, target.canaryService(), target))
                .toList();
    }

    static boolean isManaged(JsonNode route) {
        return route.path("name").asText("").startsWith(NAME_PREFIX);
    }

    /** Whether any destination of the route is this Service: short name, {@code name.ns} or {@code name.ns.svc...}. */
    static boolean sendsTo(JsonNode route, String service, RouteTarget target) {
        for (JsonNode destination : route.path("route")) {
            String host = destination.path("destination").path("host").asText("");
            if (host.equals(service) || host.equals(service + "." + target.namespace())
                    || host.startsWith(service + "." + target.namespace() + ".svc")) {
                return true;
            }
        }
        return false;
    }

    /** A route without {@code match} matches every request; its copies start from one empty match entry. */
    private static List<JsonNode> matches(JsonNode route) {
        JsonNode match = route.get("match");
        if (match == null || !match.isArray() || match.isEmpty()) {
            return List.of(JSON.createObjectNode());
        }
        List<JsonNode> list = new ArrayList<>();
        match.forEach(list::add);
        return list;
    }

    private static List<ObjectNode> routes(ObjectNode spec) {
        List<ObjectNode> routes = new ArrayList<>();
        for (Iterator<JsonNode> it = spec.path("http").elements(); it.hasNext();) {
            JsonNode r = it.next();
            if (r instanceof ObjectNode o) {
                routes.add(o);
            }
        }
        return routes;
    }

    private static ObjectNode spec(GenericKubernetesResource resource) {
        Object spec = resource.getAdditionalProperties().get("spec");
        return spec == null ? JSON.createObjectNode() : JSON.valueToTree(spec);
    }

    @SuppressWarnings("unchecked")
    private static GenericKubernetesResource withRoutes(GenericKubernetesResource existing, ObjectNode spec,
            List<ObjectNode> routes) {
        GenericKubernetesResource copy = JSON.convertValue(existing, GenericKubernetesResource.class);
        ObjectNode newSpec = spec.deepCopy();
        ArrayNode http = newSpec.putArray("http");
        routes.forEach(http::add);
        copy.getAdditionalProperties().put("spec", JSON.convertValue(newSpec, Map.class));
        return copy;
    }

    private static int size(GenericKubernetesResource resource) {
        try {
            return JSON.writeValueAsString(resource).getBytes(StandardCharsets.UTF_8).length;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
