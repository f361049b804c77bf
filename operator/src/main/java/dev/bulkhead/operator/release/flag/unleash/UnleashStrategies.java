package dev.bulkhead.operator.release.flag.unleash;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulkhead.operator.release.flag.FlagStrategy;
import dev.bulkhead.operator.release.flag.TenantConstraint;
import java.util.Optional;
import java.util.TreeSet;

/** Maps Bulkhead's {@link FlagStrategy} to Unleash's strategy JSON and back. Pure. */
final class UnleashStrategies {

    static final String FLEXIBLE_ROLLOUT = "flexibleRollout";
    private static final ObjectMapper JSON = new ObjectMapper();

    private UnleashStrategies() {
    }

    /** Whether an Unleash strategy carries Bulkhead's title prefix. */
    static boolean isManaged(JsonNode strategy) {
        return strategy.path("title").asText("").startsWith(FlagStrategy.TITLE_PREFIX);
    }

    /** The body of {@code POST}/{@code PUT .../strategies}. */
    static ObjectNode toUnleash(FlagStrategy strategy) {
        ObjectNode body = JSON.createObjectNode();
        body.put("name", FLEXIBLE_ROLLOUT);
        body.put("title", strategy.title());
        body.put("disabled", false);
        ObjectNode parameters = body.putObject("parameters");
        parameters.put("rollout", Integer.toString(strategy.rollout()));
        parameters.put("stickiness", strategy.stickiness());
        parameters.put("groupId", strategy.groupId());
        ArrayNode constraints = body.putArray("constraints");
        TenantConstraint c = strategy.constraint();
        if (c != null) {
            ObjectNode constraint = constraints.addObject();
            constraint.put("contextName", c.contextName());
            constraint.put("operator", c.operator().name());
            ArrayNode values = constraint.putArray("values");
            c.tenants().forEach(values::add);
            constraint.put("inverted", false);
            constraint.put("caseInsensitive", false);
        }
        body.putArray("segments");
        body.putArray("variants");
        return body;
    }

    /**
     * The strategy Bulkhead would have written, or empty when the Unleash strategy has another shape (edited by hand:
     * another type, an extra constraint or segment, variants, disabled, an inverted or case-insensitive constraint).
     */
    static Optional<FlagStrategy> fromUnleash(JsonNode strategy) {
        String title = strategy.path("title").asText("");
        if (!title.startsWith(FlagStrategy.TITLE_PREFIX) || !FLEXIBLE_ROLLOUT.equals(strategy.path("name").asText())
                || strategy.path("disabled").asBoolean(false) || !strategy.path("segments").isEmpty()
                || !strategy.path("variants").isEmpty() || strategy.path("constraints").size() > 1) {
            return Optional.empty();
        }
        JsonNode parameters = strategy.path("parameters");
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
        TenantConstraint constraint = null;
        if (strategy.path("constraints").size() == 1) {
            JsonNode c = strategy.path("constraints").get(0);
            if (c.path("inverted").asBoolean(false) || c.path("caseInsensitive").asBoolean(false)
                    || c.path("values").isEmpty()) {
                return Optional.empty();
            }
            TenantConstraint.Operator operator;
            try {
                operator = TenantConstraint.Operator.valueOf(c.path("operator").asText(""));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
            TreeSet<String> tenants = new TreeSet<>();
            c.path("values").forEach(v -> tenants.add(v.asText()));
            constraint = new TenantConstraint(c.path("contextName").asText(), operator, tenants);
        }
        return Optional.of(new FlagStrategy(title.substring(FlagStrategy.TITLE_PREFIX.length()), constraint, rollout,
                stickiness, groupId));
    }
}
