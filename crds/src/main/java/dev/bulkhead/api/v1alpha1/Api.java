package dev.bulkhead.api.v1alpha1;

/** The API group and version of every Bulkhead resource. */
public final class Api {

    public static final String GROUP = "bulkhead.dev";
    public static final String VERSION = "v1alpha1";
    public static final String API_VERSION = GROUP + "/" + VERSION;

    private Api() {
    }
}
