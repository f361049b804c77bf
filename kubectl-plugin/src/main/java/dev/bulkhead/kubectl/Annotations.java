package dev.bulkhead.kubectl;

import dev.bulkhead.api.v1alpha1.RolloutAnnotations;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** The operator's manual-control annotations on a Rollout ({@link RolloutAnnotations}), and checks on their values. */
public final class Annotations {

    public static final String ACTION = RolloutAnnotations.ACTION;
    public static final String ACTOR = RolloutAnnotations.ACTOR;
    public static final String ACTION_ID = RolloutAnnotations.ACTION_ID;
    public static final String OVERRIDE_FREEZE = RolloutAnnotations.OVERRIDE_FREEZE;
    public static final String SEGMENT_OVERRIDE_PREFIX = RolloutAnnotations.SEGMENT_OVERRIDE_FREEZE_PREFIX;

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
