package dev.bulkhead.engine.plan;

import dev.bulkhead.engine.plan.ReleaseSpec.RollbackSpec;
import dev.bulkhead.engine.plan.RollbackPolicy.HoldAction;
import dev.bulkhead.engine.plan.RollbackPolicy.Reaction;
import dev.bulkhead.engine.plan.RollbackPolicy.Scope;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Applies the rollback policy's defaults and reports invalid values with their field paths. */
final class RollbackPolicyCheck {

    private RollbackPolicyCheck() {
    }

    static RollbackPolicy check(RollbackSpec spec, List<Problem> problems) {
        RollbackPolicy d = RollbackPolicy.defaults();
        if (spec == null) {
            return d;
        }
        return new RollbackPolicy(
                spec.automatic() == null ? d.automatic() : spec.automatic(),
                word(spec.scope(), "spec.rollback.scope", Scope.class, d.scope(), problems),
                spec.keepEarlierSegments() == null ? d.keepEarlierSegments() : spec.keepEarlierSegments(),
                word(spec.reaction(), "spec.rollback.reaction", Reaction.class, d.reaction(), problems),
                word(spec.onInconclusive(), "spec.rollback.onInconclusive", HoldAction.class, d.onInconclusive(), problems),
                limit(spec.inconclusiveLimit(), "spec.rollback.inconclusiveLimit", d.inconclusiveLimit(), problems),
                word(spec.onNoData(), "spec.rollback.onNoData", HoldAction.class, d.onNoData(), problems),
                limit(spec.noDataLimit(), "spec.rollback.noDataLimit", d.noDataLimit(), problems),
                word(spec.onAnalysisError(), "spec.rollback.onAnalysisError", HoldAction.class, d.onAnalysisError(), problems),
                limit(spec.consecutiveErrorLimit(), "spec.rollback.consecutiveErrorLimit", d.consecutiveErrorLimit(), problems),
                budget(spec.analysisOutageBudget(), d.analysisOutageBudget(), problems));
    }

    private static Duration budget(String text, Duration fallback, List<Problem> problems) {
        if (text == null) {
            return fallback;
        }
        Optional<Duration> parsed = DurationText.parse(text.strip());
        if (parsed.isEmpty() || parsed.get().isZero()) {
            problems.add(new Problem(Problem.ROLLOUT, "spec.rollback.analysisOutageBudget", "'" + text
                    + "' is not a positive duration such as 30m or 1h"));
            return fallback;
        }
        return parsed.get();
    }

    private static <E extends Enum<E>> E word(String text, String path, Class<E> type, E fallback, List<Problem> problems) {
        if (text == null) {
            return fallback;
        }
        for (E value : type.getEnumConstants()) {
            if (value.name().equalsIgnoreCase(text)) {
                return value;
            }
        }
        problems.add(new Problem(Problem.ROLLOUT, path, "'" + text + "' is not one of " + Arrays.stream(type.getEnumConstants())
                .map(v -> v.name().toLowerCase(Locale.ROOT)).toList()));
        return fallback;
    }

    private static int limit(Integer value, String path, int fallback, List<Problem> problems) {
        if (value == null) {
            return fallback;
        }
        if (value < 1) {
            problems.add(new Problem(Problem.ROLLOUT, path, "limit is " + value + "; it must be at least 1"));
            return fallback;
        }
        return value;
    }
}
