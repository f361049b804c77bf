package dev.bulkhead.operator.dashboard;

import dev.bulkhead.operator.config.BulkheadConfig;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

/**
 * Keeps the dashboard closed unless {@code bulkhead.dashboard.enabled} is true (404, as if it did not exist), and
 * gives every dashboard response headers that stop other sites from framing the page or running scripts in it.
 */
@Provider
@DashboardEndpoint
public class DashboardFilter implements ContainerRequestFilter, ContainerResponseFilter {

    /**
     * Scripts, styles and requests only from this origin (the page has no inline script), no framing (the buttons
     * cannot be clickjacked), no referrer (URLs name namespaces and rollouts).
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    /** A provider: Quarkus REST builds filters at static init, before runtime configuration exists. */
    private final jakarta.inject.Provider<BulkheadConfig> config;

    DashboardFilter(jakarta.inject.Provider<BulkheadConfig> config) {
        this.config = config;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (!config.get().dashboard().enabled()) {
            request.abortWith(Response.status(Response.Status.NOT_FOUND).type(MediaType.TEXT_PLAIN_TYPE)
                    .entity("Not Found").build());
        }
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        MultivaluedMap<String, Object> headers = response.getHeaders();
        headers.putSingle("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        headers.putSingle("X-Frame-Options", "DENY");
        headers.putSingle("X-Content-Type-Options", "nosniff");
        headers.putSingle("Referrer-Policy", "no-referrer");
        headers.putSingle("Cache-Control", "no-store");
    }
}
