package dev.bulkhead.operator.rollout;

import dev.bulkhead.api.v1alpha1.OwedNotification;
import dev.bulkhead.api.v1alpha1.Rollout;
import dev.bulkhead.engine.Action;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Notifications are owed, not sent, when decided: they go into {@code status.outbox} in the same write as the decision,
 * and are delivered after it (at least once; a repeated delivery has the same id). Sending first would repeat them on
 * every retry of a conflicting write and lose them in a crash before the write. Pure.
 */
public final class Outbox {

    /** The bound of the outbox (the CRD's maxItems): with a webhook down for long, the oldest are dropped, logged. */
    static final int LIMIT = 50;

    private static final Logger LOG = Logger.getLogger(Outbox.class);

    private Outbox() {
    }

    /**
     * What is owed after a decision: what was owed before, then {@code notices}, each with an id unique to the
     * Rollout's uid and the resourceVersion the decision was made from (the decision's status write changes it).
     */
    public static List<OwedNotification> owed(List<OwedNotification> before, Rollout rollout, List<Action.Notify> notices,
            Instant now) {
        List<OwedNotification> out = new ArrayList<>(before);
        for (int i = 0; i < notices.size(); i++) {
            Action.Notify n = notices.get(i);
            out.add(new OwedNotification(ManualActions.id(rollout.getMetadata().getUid(),
                    rollout.getMetadata().getResourceVersion(), "notify", Integer.toString(i)),
                    n.warning() ? "Warning" : "Normal", n.reason(), n.message(), now.toString()));
        }
        if (out.size() > LIMIT) {
            LOG.warnf("rollout=%s/%s: %d notifications could not be delivered and are dropped, oldest first: %s",
                    rollout.getMetadata().getNamespace(), rollout.getMetadata().getName(), out.size() - LIMIT,
                    out.subList(0, out.size() - LIMIT).stream().map(OwedNotification::reason).toList());
            out = new ArrayList<>(out.subList(out.size() - LIMIT, out.size()));
        }
        return out;
    }
}
