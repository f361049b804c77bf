package dev.bulkhead.kubectl;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The operator's manual-control annotations on a Rollout (docs/operator.md, "Manual control"; the operator reads
 * them in {@code dev.bulkhead.operator.rollout.ManualActions}).
 */
public final class Annotations {

    /** One-shot action: promote, promote-full, pause, resume, abort, retry. The operator removes it once applied. */
    public static final String ACTION = "bulkhead.dev/action";
    /** Who asked for the action. */
    public static final String ACTOR = "bulkhead.dev/actor";
    /** Releases into every segment whose error budget is exhausted, while present; the value is the reason. */
    public static final String OVERRIDE_FREEZE = "bulkhead.dev/override-freeze";
    /** Prefix of the per-segment override: {@code override-freeze.bulkhead.dev/<segment>: <reason>}. */
    public static final String SEGMENT_OVERRIDE_PREFIX = "override-freeze.bulkhead.dev/";

    /** Segment names are DNS labels (the Segmentation's schema), which also makes them valid annotation name parts. */
    private static final Pattern DNS_LABEL = Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$");

    private Annotations() {
    }

    public static String segmentOverride(String segment) {
        return SEGMENT_OVERRIDE_PREFIX + segment;
    }

    public static boolean validSegmentName(String segment) {
        return segment.length() <= 63 && DNS_LABEL.matcher(segment).matches();
    }

    public static Optional<String> get(Map<String, String> annotations, String key) {
        return Optional.ofNullable(annotations).map(a -> a.get(key)).filter(v -> !v.isBlank());
    }
}
