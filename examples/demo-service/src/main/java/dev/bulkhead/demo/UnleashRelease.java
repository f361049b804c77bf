package dev.bulkhead.demo;

import io.getunleash.DefaultUnleash;
import io.getunleash.Unleash;
import io.getunleash.UnleashContext;
import io.getunleash.util.UnleashConfig;
import java.util.Optional;

/**
 * The release flag evaluated per tenant by the Unleash Java SDK: the tenant key is a custom context property (so
 * Bulkhead's {@code flexibleRollout} strategies, which use it as stickiness and in their constraint, apply), next to
 * the app name and environment. On: the new code path, labelled {@code enabled}; off: the old one, {@code disabled}.
 */
public final class UnleashRelease implements ReleaseDecision {

    /** The version label of tenants the flag is on for. */
    public static final String ENABLED = "enabled";
    /** The version label of tenants the flag is off for. */
    public static final String DISABLED = "disabled";

    private final Unleash unleash;
    private final String flag;
    private final String contextField;
    private final String appName;
    private final String environment;
    private final Optional<String> version;

    /**
     * Starts the SDK and fetches the toggles once before returning, so the first request already sees the flag.
     *
     * @param version a fixed version label instead of {@code enabled}/{@code disabled}, if set
     * @throws IllegalStateException when the token is missing or the first fetch fails
     */
    public UnleashRelease(DemoConfig.UnleashSettings settings, DemoConfig.FlagSettings flag, Optional<String> version) {
        String token = settings.token().orElseThrow(() -> new IllegalStateException(
                "bulkhead.demo.unleash.token (BULKHEAD_DEMO_UNLEASH_TOKEN) is not set: give an Unleash backend token,"
                        + " or fix the code path with bulkhead.demo.code-path=old|new"));
        String api = apiUrl(settings.url());
        this.flag = flag.name();
        this.contextField = flag.contextField();
        this.appName = settings.appName();
        this.environment = settings.environment();
        this.version = version;
        UnleashConfig config = UnleashConfig.builder()
                .appName(appName)
                .environment(environment)
                .unleashAPI(api)
                .apiKey(token)
                .fetchTogglesInterval(Math.max(1, settings.refresh().toSeconds()))
                .synchronousFetchOnInitialisation(true)
                .startupExceptionHandler(e -> {
                    throw new IllegalStateException("the first toggle fetch from Unleash at " + api + " failed ("
                            + e.getMessage() + "); check bulkhead.demo.unleash.url and bulkhead.demo.unleash.token", e);
                })
                .build();
        this.unleash = new DefaultUnleash(config);
    }

    /** The SDK wants the {@code /api/} base; the testbed and most docs give the server's root. */
    static String apiUrl(String url) {
        String trimmed = url.replaceAll("/+$", "");
        return (trimmed.endsWith("/api") ? trimmed : trimmed + "/api") + "/";
    }

    @Override
    public Release decide(String tenant) {
        UnleashContext context = UnleashContext.builder()
                .appName(appName)
                .environment(environment)
                .addProperty(contextField, tenant)
                .build();
        boolean on = unleash.isEnabled(flag, context, false);
        return new Release(on ? CodePath.NEW : CodePath.OLD, version.orElse(on ? ENABLED : DISABLED));
    }

    @Override
    public void close() {
        unleash.shutdown();
    }
}
