package dev.bulkhead.operator.dashboard;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;

/**
 * Who may see and do what on the dashboard. The operator trusts nobody's word: the caller's bearer token goes to a
 * TokenReview, and every read or action to a SubjectAccessReview for that user and groups. Reads need a token unless
 * {@code bulkhead.dashboard.anonymous-read=true}; actions always need one.
 *
 * <p>Cross-site request forgery: an action must carry the token in the {@code Authorization} header (a browser never
 * adds that header by itself, and a cross-origin page cannot set it without a CORS preflight, which this server does
 * not grant) and a JSON body (enforced by the resource); a request whose {@code Origin} names another site is refused
 * as well. No cookie is ever read.
 */
public class DashboardGuard {

    private static final String BEARER = "bearer ";

    private final AccessReviews reviews;
    private final boolean anonymousRead;

    public DashboardGuard(AccessReviews reviews, boolean anonymousRead) {
        this.reviews = reviews;
        this.anonymousRead = anonymousRead;
    }

    /**
     * The reader of a read-only view: empty for an anonymous reader when anonymous reads are on. A token that is
     * sent is always checked, so a wrong one is a 401 rather than a silent anonymous view.
     */
    public Optional<Caller> reader(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            if (anonymousRead) {
                return Optional.empty();
            }
            throw DashboardProblem.unauthenticated("send a Kubernetes bearer token (Authorization: Bearer <token>);"
                    + " the dashboard shows nothing without one unless bulkhead.dashboard.anonymous-read is true");
        }
        return Optional.of(authenticate(authorization));
    }

    /** Whether the reader (anonymous when empty and allowed) may read what {@code access} names. */
    public boolean mayRead(Optional<Caller> reader, Access access) {
        return reader.isEmpty() ? anonymousRead : reviews.review(reader.get(), access).allowed();
    }

    /** Refuses with 403 unless the reader may read what {@code access} names. */
    public void requireRead(Optional<Caller> reader, Access access) {
        if (reader.isEmpty()) {
            if (!anonymousRead) {
                throw DashboardProblem.unauthenticated("a token is required");
            }
            return;
        }
        require(reader.get(), access);
    }

    /**
     * The caller of an action, checked for a same-origin request, a valid token and {@code access} (patch on the
     * Rollout). Anonymous reads never extend to actions.
     */
    public Caller actor(String authorization, String origin, URI requestUri, Access access) {
        requireSameOrigin(origin, requestUri);
        if (authorization == null || authorization.isBlank()) {
            throw DashboardProblem.unauthenticated("actions need a Kubernetes bearer token in the Authorization header");
        }
        Caller caller = authenticate(authorization);
        require(caller, access);
        return caller;
    }

    /** Refuses with 403 and the authorizer's reason unless {@code caller} may do what {@code access} names. */
    public void require(Caller caller, Access access) {
        AccessReviews.Decision decision = reviews.review(caller, access);
        if (!decision.allowed()) {
            throw DashboardProblem.forbidden("user \"" + caller.username() + "\" may not " + access.describe()
                    + (decision.reason() == null ? "" : ": " + decision.reason()));
        }
    }

    private Caller authenticate(String authorization) {
        String value = authorization.strip();
        if (!value.toLowerCase(Locale.ROOT).startsWith(BEARER) || value.substring(BEARER.length()).isBlank()) {
            throw DashboardProblem.unauthenticated("the Authorization header must be 'Bearer <token>'");
        }
        return reviews.authenticate(value.substring(BEARER.length()).strip()).orElseThrow(() -> DashboardProblem
                .unauthenticated("the API server did not accept the token (expired, revoked or for another audience)"));
    }

    /** Browsers send Origin on cross-origin and on POST requests; when present it must be this server's own. */
    static void requireSameOrigin(String origin, URI requestUri) {
        if (origin == null || origin.isBlank()) {
            return;
        }
        URI o;
        try {
            o = URI.create(origin.strip());
        } catch (IllegalArgumentException e) {
            throw DashboardProblem.forbidden("cross-site request refused: Origin '" + origin + "' is not a URL");
        }
        if (!sameOrigin(o, requestUri)) {
            throw DashboardProblem.forbidden("cross-site request refused: Origin " + origin
                    + " is not this dashboard's origin");
        }
    }

    private static boolean sameOrigin(URI a, URI b) {
        return a.getScheme() != null && a.getScheme().equalsIgnoreCase(b.getScheme())
                && a.getHost() != null && a.getHost().equalsIgnoreCase(b.getHost())
                && port(a) == port(b);
    }

    private static int port(URI uri) {
        if (uri.getPort() >= 0) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }
}
