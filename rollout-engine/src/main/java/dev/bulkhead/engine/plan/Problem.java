package dev.bulkhead.engine.plan;

/**
 * A validation problem: which resource, the field path inside it (for example
 * {@code spec.plan.segments[2].steps[1].percent}) and a sentence a user can act on. The operator turns
 * problems into a condition message; a spec with problems never starts a release.
 */
public record Problem(String resource, String path, String message) {

    public static final String ROLLOUT = "Rollout";
    public static final String SEGMENTATION = "Segmentation";

    @Override
    public String toString() {
        return resource + " " + path + ": " + message;
    }
}
