package dev.bulkhead.operator.release.flag.unleash;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulkhead.operator.release.flag.FlagStrategy;
import dev.bulkhead.operator.release.flag.TenantConstraint;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Maps Bulkhead's {@link FlagStrategy} to the Unleash strategies that realise it, within {@link UnleashLimits}, and
 * back. Pure.
 *
 * <p>Unleash ORs the strategies of an environment and ANDs the constraints of a strategy, and every part written here
 * has the strategy's rollout, stickiness and group id, so a tenant's bucket is the same in each part. Hence:
 * <ul>
 * <li>a short list is one strategy with one constraint, titled {@code bulkhead:<name>} as before;</li>
 * <li>an {@code IN} list too long for one constraint is split across strategies {@code bulkhead:<name>/1..n}, one
 *     {@code IN} chunk each (OR of chunks = the list);</li>
 * <li>a {@code NOT_IN} list too long for one constraint is split across constraints of one strategy (AND of
 *     {@code NOT_IN} chunks = not in the list);</li>
 * <li>a {@code NOT_IN} list too long for one strategy (constraints or the request body) is split by tenant key prefix:
 *     strategy {@code k} admits keys starting with its prefixes ({@code STR_STARTS_WITH}) and not among the listed keys
 *     with those prefixes; a last strategy admits keys starting with none of the prefixes (inverted
 *     {@code STR_STARTS_WITH}) and not among the listed keys left over. Every part admits only unlisted keys and every
 *     unlisted key is admitted by the part of its prefix or the last one, so the union is exactly "not listed".</li>
 * </ul>
 * Each part on its own admits a subset of what the whole admits, so a write interrupted between parts never exposes a
 * tenant the strategy does not.
 */
final class UnleashStrategies {

    static final String FLEXIBLE_ROLLOUT = "flexibleRollout";
    static final String STARTS_WITH = "STR_STARTS_WITH";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A strategy Bulkhead cannot write within Unleash's limits; the message says which limit and what to do. */
    static final class TooLarge extends RuntimeException {
        TooLarge(String message) {
            super(message);
        }
    }

    private UnleashStrategies() {
    }

    /** Whether an Unleash strategy carries Bulkhead's title prefix. */
    static boolean isManaged(JsonNode strategy) {
        return strategy.path("title").asText("").startsWith(FlagStrategy.TITLE_PREFIX);
    }

    /** The name of the Bulkhead strategy a managed Unleash strategy is (a part of): {@code bulkhead:free/2} → free. */
    static String nameOf(JsonNode strategy) {
        String name = strategy.path("title").asText("").substring(FlagStrategy.TITLE_PREFIX.length());
        int slash = name.lastIndexOf('/');
        return slash > 0 && name.substring(slash + 1).matches("[1-9][0-9]{0,4}") ? name.substring(0, slash) : name;
    }

    /** The bodies of {@code POST}/{@code PUT .../strategies} that together realise {@code strategy}, in title order. */
    static List<ObjectNode> toUnleash(FlagStrategy strategy, UnleashLimits limits) {
        List<List<ObjectNode>> parts = constraintsOfParts(strategy, limits);
        List<ObjectNode> bodies = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            String title = parts.size() == 1 ? strategy.title() : strategy.title() + "/" + (i + 1);
            bodies.add(body(strategy, title, parts.get(i)));
        }
        return bodies;
    }

    /** As above with Unleash's default limits. */
    static List<ObjectNode> toUnleash(FlagStrategy strategy) {
        return toUnleash(strategy, UnleashLimits.DEFAULTS);
    }

    /**
     * The strategy Bulkhead would have written as these parts (all with its name), or empty when they have another
     * shape (edited by hand: another type, an extra constraint or segment, variants, disabled, an inverted or
     * case-insensitive tenant constraint, a part missing or added).
     */
    static Optional<FlagStrategy> fromUnleash(List<JsonNode> parts, UnleashLimits limits) {
        if (parts.isEmpty()) {
            return Optional.empty();
        }
        JsonNode first = parts.get(0);
        JsonNode parameters = first.path("parameters");
        int rollout;
        try {
            rollout = Integer.parseInt(parameters.path("rollout").asText(""));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        String stickiness = parameters.path("stickiness").asText(null);
        String groupId = parameters.path("groupId").asText(null);
        if (stickiness == null || groupId == null || rollout < 1 || rollout > 100) {
            return Optional.empty();
        }
        String context = null;
        TenantConstraint.Operator operator = null;
        TreeSet<String> tenants = new TreeSet<>();
        for (JsonNode part : parts) {
            for (JsonNode c : part.path("constraints")) {
                TenantConstraint.Operator op;
                try {
                    op = TenantConstraint.Operator.valueOf(c.path("operator").asText(""));
                } catch (IllegalArgumentException e) {
                    continue; // a prefix guard, or something the comparison below rejects
                }
                if (operator != null && (op != operator || !c.path("contextName").asText().equals(context))) {
                    return Optional.empty();
                }
                operator = op;
                context = c.path("contextName").asText();
                c.path("values").forEach(v -> tenants.add(v.asText()));
            }
        }
        FlagStrategy strategy;
        try {
            strategy = new FlagStrategy(nameOf(first), operator == null || tenants.isEmpty() ? null
                    : new TenantConstraint(context, operator, tenants), rollout, stickiness, groupId);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        List<ObjectNode> expected;
        try {
            expected = toUnleash(strategy, limits);
        } catch (TooLarge e) {
            return Optional.empty();
        }
        List<JsonNode> sorted = new ArrayList<>(parts);
        sorted.sort(Comparator.comparing(p -> p.path("title").asText()));
        expected.sort(Comparator.comparing(p -> p.path("title").asText()));
        if (sorted.size() != expected.size()) {
            return Optional.empty();
        }
        for (int i = 0; i < sorted.size(); i++) {
            if (!normalize(sorted.get(i)).equals(normalize(expected.get(i)))) {
                return Optional.empty();
            }
        }
        return Optional.of(strategy);
    }

    /** As above for a strategy written in one part, with Unleash's default limits. */
    static Optional<FlagStrategy> fromUnleash(JsonNode strategy) {
        return isManaged(strategy) ? fromUnleash(List.of(strategy), UnleashLimits.DEFAULTS) : Optional.empty();
    }

    /**
     * The fields of a strategy Bulkhead writes and compares, in one shape whatever Unleash adds (ids, sort order) or
     * however it orders values, so an Unleash strategy equals the body Bulkhead would send exactly when it realises it.
     */
    static ObjectNode normalize(JsonNode strategy) {
        ObjectNode n = JSON.createObjectNode();
        n.put("name", strategy.path("name").asText());
        n.put("title", strategy.path("title").asText());
        n.put("disabled", strategy.path("disabled").asBoolean(false));
        ObjectNode parameters = n.putObject("parameters");
        JsonNode p = strategy.path("parameters");
        parameters.put("rollout", p.path("rollout").asText());
        parameters.put("stickiness", p.path("stickiness").asText());
        parameters.put("groupId", p.path("groupId").asText());
        ArrayNode constraints = n.putArray("constraints");
        for (JsonNode c : strategy.path("constraints")) {
            ObjectNode constraint = constraints.addObject();
            constraint.put("contextName", c.path("contextName").asText());
            constraint.put("operator", c.path("operator").asText());
            TreeSet<String> values = new TreeSet<>();
            c.path("values").forEach(v -> values.add(v.asText()));
            ArrayNode array = constraint.putArray("values");
            values.forEach(array::add);
            constraint.put("inverted", c.path("inverted").asBoolean(false));
            constraint.put("caseInsensitive", c.path("caseInsensitive").asBoolean(false));
        }
        n.set("segments", strategy.path("segments").isArray() ? strategy.path("segments") : JSON.createArrayNode());
        n.set("variants", strategy.path("variants").isArray() ? strategy.path("variants") : JSON.createArrayNode());
        return n;
    }

    // ---- splitting

    private static List<List<ObjectNode>> constraintsOfParts(FlagStrategy strategy, UnleashLimits limits) {
        TenantConstraint c = strategy.constraint();
        if (c == null) {
            return List.of(List.of());
        }
        List<String> tenants = List.copyOf(c.tenants());
        List<List<ObjectNode>> parts = new ArrayList<>();
        if (c.operator() == TenantConstraint.Operator.IN) {
            // Chunks of one strategy would be ANDed: each IN chunk gets a strategy of its own.
            for (List<String> chunk : chunks(tenants, limits)) {
                parts.add(List.of(constraint(c.contextName(), "IN", chunk, false)));
            }
            return parts;
        }
        if (fits(List.of(), tenants, limits)) {
            parts.add(notIn(c.contextName(), tenants, limits));
            return parts;
        }
        List<Group> groups = new ArrayList<>();
        List<String> leftover = new ArrayList<>();
        partition("", tenants, limits, groups, leftover);
        List<String> prefixes = new ArrayList<>();
        List<String> values = new ArrayList<>();
        for (Group g : groups) {
            List<String> morePrefixes = concat(prefixes, List.of(g.prefix()));
            List<String> moreValues = concat(values, g.values());
            // A part's prefixes are one constraint: several positive guards would be ANDed.
            if (!prefixes.isEmpty() && (morePrefixes.size() > limits.valuesPerConstraint()
                    || !fits(morePrefixes, moreValues, limits))) {
                parts.add(guarded(c.contextName(), prefixes, values, false, limits));
                morePrefixes = List.of(g.prefix());
                moreValues = g.values();
            }
            prefixes = morePrefixes;
            values = moreValues;
        }
        if (!prefixes.isEmpty()) {
            parts.add(guarded(c.contextName(), prefixes, values, false, limits));
        }
        List<String> all = groups.stream().map(Group::prefix).toList();
        if (!fits(all, leftover, limits)) {
            throw new TooLarge(strategy.title() + ": the " + tenants.size() + " tenants excluded by " + c.contextName()
                    + " NOT_IN cannot be split by key prefix within Unleash's limits (" + limits.constraintsPerStrategy()
                    + " constraints of " + limits.valuesPerConstraint() + " values per strategy, "
                    + limits.requestBytes() / 1024 + " kB per request)");
        }
        parts.add(guarded(c.contextName(), all, leftover, true, limits));
        return parts;
    }

    /** A run of listed keys sharing a prefix, few enough for one strategy beside one guard constraint. */
    private record Group(String prefix, List<String> values) {
    }

    /** Splits sorted keys that all start with {@code prefix} into groups by longer prefixes. */
    private static void partition(String prefix, List<String> keys, UnleashLimits limits, List<Group> groups,
            List<String> leftover) {
        List<String> longer = new ArrayList<>();
        for (String k : keys) {
            if (k.length() == prefix.length()) {
                leftover.add(k); // no longer prefix admits it: the last strategy excludes it
            } else {
                longer.add(k);
            }
        }
        if (longer.isEmpty()) {
            return;
        }
        if (!prefix.isEmpty() && fits(List.of(prefix), longer, limits)) {
            groups.add(new Group(prefix, longer));
            return;
        }
        Map<String, List<String>> byNext = new LinkedHashMap<>();
        for (String k : longer) {
            int end = k.offsetByCodePoints(prefix.length(), 1);
            byNext.computeIfAbsent(k.substring(0, end), x -> new ArrayList<>()).add(k);
        }
        byNext.forEach((next, sub) -> partition(next, sub, limits, groups, leftover));
    }

    /** Whether one strategy holds a guard over {@code prefixes} and {@code NOT_IN} over {@code values}. */
    private static boolean fits(List<String> prefixes, List<String> values, UnleashLimits limits) {
        int perConstraint = limits.valuesPerConstraint();
        int constraints = ceilDiv(prefixes.size(), perConstraint) + ceilDiv(values.size(), perConstraint);
        return constraints <= limits.constraintsPerStrategy() && bytes(prefixes) + bytes(values) <= limits.valueBytes();
    }

    private static List<ObjectNode> guarded(String context, List<String> prefixes, List<String> values, boolean inverted,
            UnleashLimits limits) {
        List<ObjectNode> constraints = new ArrayList<>();
        // Inverted guards are ANDed, "starts with none of A" and "none of B" = none of A∪B; a positive guard is one
        // constraint (a part's prefixes stay under the per-constraint limit, see the packing).
        for (List<String> chunk : chunks(prefixes, limits)) {
            constraints.add(constraint(context, STARTS_WITH, chunk, inverted));
        }
        constraints.addAll(notIn(context, values, limits));
        return constraints;
    }

    private static List<ObjectNode> notIn(String context, List<String> values, UnleashLimits limits) {
        List<ObjectNode> constraints = new ArrayList<>();
        for (List<String> chunk : chunks(values, limits)) {
            constraints.add(constraint(context, "NOT_IN", chunk, false));
        }
        return constraints;
    }

    /** Consecutive runs of at most the per-constraint count and the body's room for values. */
    private static List<List<String>> chunks(List<String> values, UnleashLimits limits) {
        List<List<String>> chunks = new ArrayList<>();
        List<String> current = new ArrayList<>();
        int size = 0;
        for (String v : values) {
            int b = bytes(v);
            if (!current.isEmpty() && (current.size() == limits.valuesPerConstraint() || size + b > limits.valueBytes())) {
                chunks.add(current);
                current = new ArrayList<>();
                size = 0;
            }
            current.add(v);
            size += b;
        }
        if (!current.isEmpty()) {
            chunks.add(current);
        }
        return chunks;
    }

    private static ObjectNode body(FlagStrategy strategy, String title, List<ObjectNode> constraints) {
        ObjectNode body = JSON.createObjectNode();
        body.put("name", FLEXIBLE_ROLLOUT);
        body.put("title", title);
        body.put("disabled", false);
        ObjectNode parameters = body.putObject("parameters");
        parameters.put("rollout", Integer.toString(strategy.rollout()));
        parameters.put("stickiness", strategy.stickiness());
        parameters.put("groupId", strategy.groupId());
        body.putArray("constraints").addAll(constraints);
        body.putArray("segments");
        body.putArray("variants");
        return body;
    }

    private static ObjectNode constraint(String context, String operator, List<String> values, boolean inverted) {
        ObjectNode constraint = JSON.createObjectNode();
        constraint.put("contextName", context);
        constraint.put("operator", operator);
        ArrayNode array = constraint.putArray("values");
        new TreeSet<>(values).forEach(array::add);
        constraint.put("inverted", inverted);
        constraint.put("caseInsensitive", false);
        return constraint;
    }

    /** A value's size in the JSON body: its UTF-8 bytes, quotes, a comma and room for escapes. */
    private static int bytes(String value) {
        int escapes = 0;
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            if (ch == '"' || ch == '\\' || ch < 0x20) {
                escapes += 5;
            }
        }
        return value.getBytes(StandardCharsets.UTF_8).length + 3 + escapes;
    }

    private static int bytes(List<String> values) {
        int total = 0;
        for (String v : values) {
            total += bytes(v);
        }
        return total;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a.size() + b.size());
        all.addAll(a);
        all.addAll(b);
        return all;
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
