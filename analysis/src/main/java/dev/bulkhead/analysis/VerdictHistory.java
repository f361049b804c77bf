package dev.bulkhead.analysis;

import java.util.ArrayList;
import java.util.List;

/** The bounded verdict history of a Rollout status: newest last, oldest dropped beyond {@code limit}. */
public final class VerdictHistory {

    /** Default bound: an hour of one-minute looks for one segment, small enough for an etcd object. */
    public static final int DEFAULT_LIMIT = 60;

    private VerdictHistory() {
    }

    public static List<VerdictRecord> append(List<VerdictRecord> history, List<VerdictRecord> latest, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("history limit must be at least 1, got " + limit);
        }
        List<VerdictRecord> all = new ArrayList<>(history == null ? List.of() : history);
        all.addAll(latest);
        return List.copyOf(all.subList(Math.max(0, all.size() - limit), all.size()));
    }
}
