package dev.bulkhead.operator.dashboard;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * A refused or failed dashboard request, answered as JSON {@code {status, reason, message}} so the page can show the
 * message as it is. Messages name what to do (which permission, which header) and never echo a token.
 */
public final class DashboardProblem extends WebApplicationException {

    private DashboardProblem(int status, String reason, String message) {
        super(message, Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new Body(status, reason, message)).build());
    }

    /** 401: no token, or the API server did not accept it. */
    public static DashboardProblem unauthenticated(String message) {
        return new DashboardProblem(401, "Unauthorized", message);
    }

    /** 403: the caller is known but the API server's authorizer said no (or a cross-site request). */
    public static DashboardProblem forbidden(String message) {
        return new DashboardProblem(403, "Forbidden", message);
    }

    public static DashboardProblem badRequest(String message) {
        return new DashboardProblem(400, "BadRequest", message);
    }

    public static DashboardProblem notFound(String message) {
        return new DashboardProblem(404, "NotFound", message);
    }

    public static DashboardProblem conflict(String message) {
        return new DashboardProblem(409, "Conflict", message);
    }

    /** 429: the dashboard's budget of reviews with the API server is spent for now. */
    public static DashboardProblem tooManyRequests(String message) {
        return new DashboardProblem(429, "TooManyRequests", message);
    }

    /** 503: the API server could not be asked (down, or the operator lacks the permission to ask). */
    public static DashboardProblem unavailable(String message) {
        return new DashboardProblem(503, "ServiceUnavailable", message);
    }

    /** The JSON body of every refusal. */
    public record Body(int status, String reason, String message) {
    }
}
