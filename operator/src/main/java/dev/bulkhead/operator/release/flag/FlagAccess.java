package dev.bulkhead.operator.release.flag;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which Unleash projects and environments each namespace may write to, from {@code bulkhead.unleash.access}. The
 * operator writes to Unleash with one admin token, so without this mapping any namespace that may create a
 * FeatureFlag or a Rollout could switch any project's feature. Pure.
 *
 * <p>Each rule is {@code namespace=project} (every environment of the project) or {@code namespace=project/environment};
 * {@code *} in any position matches everything. No rule at all allows everything: a single-tenant cluster needs no
 * setting, a shared cluster should always set one.
 */
public final class FlagAccess {

    /** The setting, named in every refusal so that the reader knows what to change. */
    public static final String SETTING = "bulkhead.unleash.access";

    private record Rule(String namespace, String project, String environment) {
        boolean matches(String ns, FlagLocation location) {
            return matches(namespace, ns) && matches(project, location.project())
                    && matches(environment, location.environment());
        }

        private static boolean matches(String pattern, String value) {
            return "*".equals(pattern) || pattern.equals(value);
        }

        @Override
        public String toString() {
            return project + "/" + environment;
        }
    }

    private final List<Rule> rules;

    private FlagAccess(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** Every namespace may use every project and environment (no {@code bulkhead.unleash.access} set). */
    public static FlagAccess allowAll() {
        return new FlagAccess(List.of());
    }

    /**
     * Parses the rules; an empty list allows everything.
     *
     * @throws IllegalArgumentException naming the rule and the expected form when one cannot be read
     */
    public static FlagAccess parse(List<String> entries) {
        List<Rule> rules = new ArrayList<>();
        for (String raw : entries) {
            String entry = raw.trim();
            if (entry.isEmpty()) {
                continue;
            }
            int eq = entry.indexOf('=');
            String namespace = eq < 0 ? "" : entry.substring(0, eq).trim();
            String target = eq < 0 ? "" : entry.substring(eq + 1).trim();
            int slash = target.indexOf('/');
            String project = slash < 0 ? target : target.substring(0, slash).trim();
            String environment = slash < 0 ? "*" : target.substring(slash + 1).trim();
            if (namespace.isEmpty() || project.isEmpty() || environment.isEmpty() || environment.contains("/")) {
                throw new IllegalArgumentException(SETTING + ": cannot read '" + entry + "'; write namespace=project or "
                        + "namespace=project/environment, '*' for any (for example team-a=payments/production)");
            }
            rules.add(new Rule(namespace, project, environment));
        }
        return new FlagAccess(rules);
    }

    /** Whether no rule is set, so every namespace may use everything. */
    public boolean allowsEverything() {
        return rules.isEmpty();
    }

    /** Why {@code namespace} may not write to {@code location}, or empty when it may. */
    public Optional<String> refusal(String namespace, FlagLocation location) {
        if (rules.isEmpty() || rules.stream().anyMatch(r -> r.matches(namespace, location))) {
            return Optional.empty();
        }
        List<String> granted = rules.stream().filter(r -> Rule.matches(r.namespace(), namespace))
                .map(Rule::toString).toList();
        return Optional.of("namespace " + namespace + " may not use Unleash project " + location.project()
                + " (environment " + location.environment() + "): " + SETTING + " grants it "
                + (granted.isEmpty() ? "no project" : String.join(", ", granted)) + "; an operator administrator "
                + "can add " + namespace + "=" + location.project() + "/" + location.environment() + " to " + SETTING
                + " (Helm value unleash.access), or point spec.unleash at an allowed project");
    }
}
