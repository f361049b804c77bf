package dev.bulkhead.operator.dashboard;

import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.api.model.authentication.UserInfo;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Asks the API server who a bearer token belongs to (TokenReview) and whether that user may do something
 * (SubjectAccessReview). The operator's service account needs {@code create} on {@code tokenreviews} and
 * {@code subjectaccessreviews}; without it every request is answered 503 with that sentence.
 *
 * <p><b>Audiences.</b> With audiences configured, the TokenReview asks for them and a token the API server did not
 * validate for one of them is refused: a token minted for the dashboard ({@code kubectl create token --audience}) is
 * then the only kind it accepts, so a user need not hand it a token that is also good against the API server.
 *
 * <p><b>Cache and budget.</b> Answers are kept for {@code ttl} (a few seconds), keyed by the token's SHA-256 (the token
 * itself is never kept) and by user and question; a revoked token or a removed RoleBinding takes effect within that
 * time. Every review actually sent spends from a {@link ReviewBudget}, so a flood of requests (bad tokens included)
 * is answered 429 instead of loading the API server. Failures are not cached.
 */
public class AccessReviews {

    /** Past this many cached answers, expired ones are dropped, and all of them if that is not enough. */
    static final int CACHE_LIMIT = 10_000;

    private final KubernetesClient client;
    private final List<String> audiences;
    private final Clock clock;
    private final Duration ttl;
    private final Optional<ReviewBudget> budget;
    private final Map<String, Cached<Optional<Caller>>> tokens = new ConcurrentHashMap<>();
    private final Map<Question, Cached<Decision>> decisions = new ConcurrentHashMap<>();

    /** No audience, no cache, no budget: every call is one request to the API server. */
    public AccessReviews(KubernetesClient client) {
        this(client, List.of(), Clock.systemUTC(), Duration.ZERO, Optional.empty());
    }

    /**
     * @param audiences the audiences a token must be valid for (empty: the API server's own)
     * @param ttl       how long an answer is reused (zero: never)
     * @param budget    the limit on reviews sent to the API server, or empty for none
     */
    public AccessReviews(KubernetesClient client, List<String> audiences, Clock clock, Duration ttl,
            Optional<ReviewBudget> budget) {
        this.client = client;
        this.audiences = List.copyOf(audiences);
        this.clock = clock;
        this.ttl = ttl;
        this.budget = budget;
    }

    /** The user the token belongs to, or empty when the API server does not accept it. */
    public Optional<Caller> authenticate(String token) {
        return cached(tokens, sha256(token), () -> askWhoOwns(token));
    }

    private Optional<Caller> askWhoOwns(String token) {
        TokenReview review;
        try {
            review = client.authentication().v1().tokenReviews().create(new TokenReviewBuilder().withNewSpec()
                    .withToken(token).withAudiences(audiences.isEmpty() ? null : audiences).endSpec().build());
        } catch (KubernetesClientException e) {
            throw unavailable("create tokenreviews.authentication.k8s.io", e);
        }
        if (review.getStatus() == null || !Boolean.TRUE.equals(review.getStatus().getAuthenticated())) {
            return Optional.empty();
        }
        List<String> validFor = Optional.ofNullable(review.getStatus().getAudiences()).orElse(List.of());
        if (!audiences.isEmpty() && validFor.stream().noneMatch(audiences::contains)) {
            return Optional.empty(); // an audience-agnostic authenticator vouched for it, but not for our audience
        }
        UserInfo user = review.getStatus().getUser();
        return Optional.of(new Caller(user.getUsername(), user.getUid(), user.getGroups(), user.getExtra()));
    }

    /** The authorizer's answer; {@code reason} is its own explanation when it gives one. */
    public Decision review(Caller caller, Access access) {
        return cached(decisions, new Question(caller, access), () -> askMay(caller, access));
    }

    private Decision askMay(Caller caller, Access access) {
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

    private <K, V> V cached(Map<K, Cached<V>> cache, K key, Supplier<V> ask) {
        Instant now = clock.instant();
        Cached<V> hit = cache.get(key);
        if (hit != null && now.isBefore(hit.until())) {
            return hit.value();
        }
        budget.ifPresent(ReviewBudget::spend);
        V value = ask.get();
        if (!ttl.isZero()) {
            if (cache.size() >= CACHE_LIMIT) {
                cache.values().removeIf(c -> !now.isBefore(c.until()));
                if (cache.size() >= CACHE_LIMIT) {
                    cache.clear();
                }
            }
            cache.put(key, new Cached<>(value, now.plus(ttl)));
        }
        return value;
    }

    private static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Cached<V>(V value, Instant until) {
    }

    private record Question(Caller caller, Access access) {
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
