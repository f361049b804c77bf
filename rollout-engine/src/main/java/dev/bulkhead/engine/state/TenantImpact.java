package dev.bulkhead.engine.state;

/** Customer impact on one tenant: requests and errors the new revision served it. */
public record TenantImpact(String tenant, String segment, long requests, long errors) {

    public TenantImpact plus(long moreRequests, long moreErrors) {
        return new TenantImpact(tenant, segment, requests + moreRequests, errors + moreErrors);
    }
}
