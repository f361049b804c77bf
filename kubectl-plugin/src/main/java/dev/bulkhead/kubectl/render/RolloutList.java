package dev.bulkhead.kubectl.render;

import dev.bulkhead.api.v1alpha1.Rollout;
import dev.bulkhead.api.v1alpha1.RolloutStatus;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** {@code get} without a name: the Rollout's printer columns (phase, current segment, exposure, age), like kubectl get. */
public final class RolloutList {

    private RolloutList() {
    }

    public static String render(List<Rollout> rollouts, boolean withNamespace, Instant now) {
        TextTable table = withNamespace ? new TextTable("NAMESPACE", "NAME", "PHASE", "SEGMENT", "EXPOSURE", "AGE")
                : new TextTable("NAME", "PHASE", "SEGMENT", "EXPOSURE", "AGE");
        rollouts.stream().sorted(Comparator.comparing((Rollout r) -> r.getMetadata().getNamespace())
                .thenComparing(r -> r.getMetadata().getName())).forEach(r -> {
                    RolloutStatus s = Optional.ofNullable(r.getStatus())
                            .orElse(new RolloutStatus(null, null, null, null, null, null, null, null, null, null, null, null));
                    String age = Ages.since(r.getMetadata().getCreationTimestamp(), now);
                    if (withNamespace) {
                        table.row(r.getMetadata().getNamespace(), r.getMetadata().getName(), s.phase(), s.currentSegment(),
                                s.exposure(), age);
                    } else {
                        table.row(r.getMetadata().getName(), s.phase(), s.currentSegment(), s.exposure(), age);
                    }
                });
        return table.render("");
    }
}
