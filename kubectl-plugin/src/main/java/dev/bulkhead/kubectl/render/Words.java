package dev.bulkhead.kubectl.render;

import dev.bulkhead.engine.state.Phase;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The CamelCase words status uses for the engine's and the analysis' enum constants (ROLLED_BACK → RolledBack). */
public final class Words {

    /** Every phase a Rollout's status can show, in the engine's order. */
    public static final List<String> PHASES = Arrays.stream(Phase.values()).map(p -> camel(p.name())).toList();

    private Words() {
    }

    public static String camel(String constant) {
        StringBuilder out = new StringBuilder();
        for (String part : constant.toLowerCase(Locale.ROOT).split("_")) {
            if (!part.isEmpty()) {
                out.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return out.toString();
    }

    /** The phase named by {@code text}, ignoring case, in its status spelling. */
    public static Optional<String> phase(String text) {
        return PHASES.stream().filter(p -> p.equalsIgnoreCase(text.replace("_", "").replace("-", ""))).findFirst();
    }

    /** Whether a rollout in this phase has failed and waits for a human or a new revision. */
    public static boolean failed(String phase) {
        return camel(Phase.ROLLED_BACK.name()).equals(phase) || camel(Phase.FAILED.name()).equals(phase);
    }
}
