package dev.bulkhead.operator.release.flag.unleash;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The limits Unleash puts on one feature environment, which decide how a tenant list is split into strategies.
 * Unleash 6+ refuses with 400 a strategy over {@code constraints} or a constraint over {@code constraintValues}, and a
 * strategy beyond {@code featureEnvironmentStrategies} per environment; these three are read from the server
 * ({@code GET /api/admin/ui-config}, {@code resourceLimits}), where the administrator may have raised them
 * ({@code UNLEASH_CONSTRAINT_VALUES_LIMIT}, ...). The request body is capped by Express' JSON parser at 100 kB (413 beyond),
 * which Unleash does not report and does not let one raise.
 *
 * @param strategiesPerEnvironment strategies one feature may have in one environment, Bulkhead's and users' together
 * @param constraintsPerStrategy   constraints one strategy may have
 * @param valuesPerConstraint      values one constraint may list
 * @param requestBytes             the largest request body Unleash accepts
 */
record UnleashLimits(int strategiesPerEnvironment, int constraintsPerStrategy, int valuesPerConstraint,
        int requestBytes) {

    /** Unleash 8's defaults (src/lib/create-config.ts) and Express' default body limit of 100 kB. */
    static final UnleashLimits DEFAULTS = new UnleashLimits(30, 30, 250, 100 * 1024);

    UnleashLimits {
        if (strategiesPerEnvironment < 1 || constraintsPerStrategy < 2 || valuesPerConstraint < 1
                || requestBytes < 4096) {
            throw new IllegalArgumentException("Unleash limits too small to write a split strategy: " + strategiesPerEnvironment
                    + " strategies, " + constraintsPerStrategy + " constraints, " + valuesPerConstraint + " values, "
                    + requestBytes + " bytes");
        }
    }

    /** The limits in {@code ui-config}'s {@code resourceLimits}, each missing one from {@link #DEFAULTS}. */
    static UnleashLimits of(JsonNode resourceLimits) {
        return new UnleashLimits(
                resourceLimits.path("featureEnvironmentStrategies").asInt(DEFAULTS.strategiesPerEnvironment),
                Math.max(2, resourceLimits.path("constraints").asInt(DEFAULTS.constraintsPerStrategy)),
                resourceLimits.path("constraintValues").asInt(DEFAULTS.valuesPerConstraint),
                DEFAULTS.requestBytes);
    }

    /** Room for the values of one strategy body: the whole body less what its other fields may take. */
    int valueBytes() {
        return requestBytes - 8192;
    }
}
