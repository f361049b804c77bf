package dev.bulkhead.kubectl.cluster;

import io.fabric8.kubernetes.api.model.authentication.SelfSubjectReview;
import io.fabric8.kubernetes.api.model.authentication.SelfSubjectReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Optional;

/** Who the caller is, for {@code bulkhead.dev/actor}: the name the API server authenticated, as kubectl auth whoami shows. */
public final class Identity {

    private Identity() {
    }

    /**
     * The user name from a SelfSubjectReview ({@code authentication.k8s.io/v1}, Kubernetes 1.28+); when the API
     * server does not serve it or refuses it, the kubeconfig's user (or {@code --as}); {@code unknown} when neither
     * exists.
     */
    public static String actor(Cluster cluster) {
        try {
            SelfSubjectReview review = cluster.client().authentication().v1().selfSubjectReviews()
                    .create(new SelfSubjectReviewBuilder().build());
            Optional<String> name = Optional.ofNullable(review).map(SelfSubjectReview::getStatus)
                    .map(s -> s.getUserInfo()).map(u -> u.getUsername()).filter(u -> !u.isBlank());
            if (name.isPresent()) {
                return name.get();
            }
        } catch (KubernetesClientException e) {
            // Older API servers answer 404, locked-down ones 403: the kubeconfig's user is the next best name.
        }
        return Optional.ofNullable(cluster.configUser()).filter(u -> !u.isBlank()).orElse("unknown");
    }
}
