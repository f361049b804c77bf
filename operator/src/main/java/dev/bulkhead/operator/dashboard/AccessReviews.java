package dev.bulkhead.operator.dashboard;

import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.api.model.authentication.UserInfo;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Optional;

/**
 * Asks the API server who a bearer token belongs to (TokenReview) and whether that user may do something
 * (SubjectAccessReview). The operator's service account needs {@code create} on {@code tokenreviews} and
 * {@code subjectaccessreviews}; without it every request is answered 503 with that sentence.
 *
 * <p>Nothing is cached: a revoked token or a removed RoleBinding takes effect on the next request. Each call is one
 * request to the API server, which is cheap next to the reads a page makes anyway.
 */
public class AccessReviews {

    private final KubernetesClient client;

    public AccessReviews(KubernetesClient client) {
        this.client = client;
    }

    /** The user the token belongs to, or empty when the API server does not accept it. */
    public Optional<Caller> authenticate(String token) {
        TokenReview review;
        try {
            review = client.authentication().v1().tokenReviews()
                    .create(new TokenReviewBuilder().withNewSpec().withToken(token).endSpec().build());
        } catch (KubernetesClientException e) {
            throw unavailable("create tokenreviews.authentication.k8s.io", e);
        }
        if (review.getStatus() == null || !Boolean.TRUE.equals(review.getStatus().getAuthenticated())) {
            return Optional.empty();
        }
        UserInfo user = review.getStatus().getUser();
        return Optional.of(new Caller(user.getUsername(), user.getUid(), user.getGroups(), user.getExtra()));
    }

    /** The authorizer's answer; {@code reason} is its own explanation when it gives one. */
    public Decision review(Caller caller, Access access) {
        SubjectAccessReview review;
        try {
            review = client.authorization().v1().subjectAccessReview().create(new SubjectAccessReviewBuilder()
                    .withNewSpec()
                    .withUser(caller.username()).withUid(caller.uid()).withGroups(caller.groups()).withExtra(caller.extra())
                    .withNewResourceAttributes()
                    .withGroup(Access.GROUP).withResource(access.resource()).withVerb(access.verb())
                    .withNamespace(access.namespace()).withName(access.name())
                    .endResourceAttributes()
                    .endSpec().build());
        } catch (KubernetesClientException e) {
            throw unavailable("create subjectaccessreviews.authorization.k8s.io", e);
        }
        SubjectAccessReviewStatus status = review.getStatus();
        boolean allowed = status != null && Boolean.TRUE.equals(status.getAllowed());
        String reason = status == null ? null : firstNonBlank(status.getReason(), status.getEvaluationError());
        return new Decision(allowed, reason);
    }

    private static DashboardProblem unavailable(String permission, KubernetesClientException e) {
        if (e.getCode() == 403) {
            return DashboardProblem.unavailable("the operator may not " + permission
                    + ", which the dashboard needs to check callers; grant it to the operator's service account");
        }
        return DashboardProblem.unavailable("the API server could not check the caller (" + permission + " failed: "
                + e.getMessage() + ")");
    }

    private static String firstNonBlank(String a, String b) {
        return a != null && !a.isBlank() ? a : b != null && !b.isBlank() ? b : null;
    }

    /** Allowed or not, and the authorizer's reason. */
    public record Decision(boolean allowed, String reason) {
    }
}
