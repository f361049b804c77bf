package dev.bulkhead.operator.release.flag;

import dev.bulkhead.api.v1alpha1.ReleaseMethod.FlagRelease;
import java.util.Objects;

/**
 * Where a flag lives in Unleash.
 *
 * @param project     Unleash project, e.g. {@code default}
 * @param environment environment the strategies are written to, e.g. {@code development}
 * @param feature     the feature (flag) name
 */
public record FlagLocation(String project, String environment, String feature) {

    public FlagLocation {
        Objects.requireNonNull(project, "project");
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(feature, "feature");
    }

    /** The location a Rollout's flag release or a FeatureFlag's {@code spec.unleash} names, with the API defaults. */
    public static FlagLocation of(FlagRelease release) {
        return new FlagLocation(release.project() == null ? "default" : release.project(),
                release.environment() == null ? "development" : release.environment(), release.feature());
    }

    @Override
    public String toString() {
        return project + "/" + feature + "@" + environment;
    }
}
