package dev.bulkhead.operator.release.route;

/** How a router may write tenant header matches. */
public enum TenantMatching {
    /** One exact header match per tenant: supported by every implementation, but few tenants fit. */
    EXACT_ONLY,
    /**
     * Exact matches while they fit, else regular-expression alternations {@code ^(a|b|c)$} packed up to the value
     * length limit. Gateway API marks {@code RegularExpression} header matches implementation-specific: enable only
     * where the Gateway implementation supports RE2 (Envoy Gateway, Istio, ...).
     */
    REGEX_WHEN_NEEDED
}
