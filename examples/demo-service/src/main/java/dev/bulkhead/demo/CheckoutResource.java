package dev.bulkhead.demo;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.Map;

/** {@code GET /checkout}: the tenant from its header, the release decision, the code path, the metrics. */
@Path(CheckoutResource.ROUTE)
public class CheckoutResource {

    static final String ROUTE = "/checkout";
    /** Tenant keys are metric label values and Unleash context values: keep them short. */
    static final int MAX_TENANT_LENGTH = 128;
    /** The labels of a request without a usable tenant key (answered 400, before any release decision). */
    static final String UNKNOWN_TENANT = "unknown";
    static final String NO_VERSION = "none";

    private final DemoConfig config;
    private final ReleaseDecision release;
    private final Checkout checkout;
    private final RequestMetrics metrics;

    public CheckoutResource(DemoConfig config, ReleaseDecision release, Checkout checkout, RequestMetrics metrics) {
        this.config = config;
        this.release = release;
        this.checkout = checkout;
        this.metrics = metrics;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response checkout(@Context HttpHeaders headers) throws InterruptedException {
        long started = System.nanoTime();
        String tenant = headers.getHeaderString(config.tenantHeader());
        if (tenant == null || tenant.isBlank() || tenant.length() > MAX_TENANT_LENGTH) {
            return answer(started, UNKNOWN_TENANT, NO_VERSION, Response.Status.BAD_REQUEST,
                    Map.of("error", "send the tenant key (1 to " + MAX_TENANT_LENGTH + " characters) in the "
                            + config.tenantHeader() + " header"));
        }
        tenant = tenant.strip();
        Release decided = release.decide(tenant);
        try {
            return answer(started, tenant, decided.version(), Response.Status.OK, checkout.serve(tenant, decided));
        } catch (Checkout.CheckoutFailure e) {
            return answer(started, tenant, decided.version(), Response.Status.INTERNAL_SERVER_ERROR,
                    Map.of("error", e.getMessage()));
        }
    }

    private Response answer(long started, String tenant, String version, Response.Status status, Object body) {
        metrics.record(ROUTE, tenant, version, status.getStatusCode(), Duration.ofNanos(System.nanoTime() - started));
        return Response.status(status).entity(body).build();
    }
}
