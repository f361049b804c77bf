package dev.bulkhead.operator.dashboard;

import java.util.List;
import java.util.Map;

/**
 * Who sent a dashboard request, as the API server's TokenReview saw it. The same fields go into every
 * SubjectAccessReview, so the operator decides nothing itself: the cluster's authorizer (RBAC, webhooks) does.
 */
public record Caller(String username, String uid, List<String> groups, Map<String, List<String>> extra) {

    public Caller {
        groups = groups == null ? List.of() : List.copyOf(groups);
        extra = extra == null ? Map.of() : Map.copyOf(extra);
    }
}
