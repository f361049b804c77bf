package dev.bulkhead.api.v1alpha1;

/** Patterns shared by the schema annotations, so every resource spells a duration or a name the same way. */
public final class ApiPatterns {

    /** A duration as {@code 30s}, {@code 5m}, {@code 1h30m} or {@code 30d}; units ms, s, m, h, d. */
    public static final String DURATION = "^([0-9]+(ms|s|m|h|d))+$";

    /** A DNS-1123 label: what Kubernetes accepts as a name inside another object. */
    public static final String DNS_LABEL = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";

    /** A Prometheus label name. */
    public static final String LABEL_NAME = "^[a-zA-Z_][a-zA-Z0-9_]*$";

    /** An HTTP header field name (RFC 9110 token). */
    public static final String HEADER_NAME = "^[A-Za-z0-9!#$%&'*+.^_`|~-]+$";

    private ApiPatterns() {
    }
}
