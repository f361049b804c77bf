package dev.bulkhead.demo;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every setting of the demo service, under {@code bulkhead.demo.*} (environment: {@code BULKHEAD_DEMO_*}).
 */
@ConfigMapping(prefix = "bulkhead.demo")
public interface DemoConfig {

    /** The request header carrying the tenant key. */
    @WithDefault("X-Tenant-Id")
    String tenantHeader();

    /**
     * The {@code version} label of every request, for route releases where each revision runs in its own pods (for
     * example {@code stable} and {@code canary}). Unset: the label is the flag's variant, {@code enabled} or
     * {@code disabled}.
     */
    Optional<String> version();

    /**
     * Serve this code path to every tenant without asking Unleash (a revision of a route release). Unset: the release
     * flag decides per tenant.
     */
    Optional<CodePath> codePath();

    /** The release flag. */
    FlagSettings flag();

    /** The Unleash server the SDK reads the flag from. */
    UnleashSettings unleash();

    /**
     * Tenants per segment, for the fault knob's {@code segments}: {@code bulkhead.demo.segments.paying=acme,hooli}.
     * Tenant keys are separated by commas or newlines, as in the Segmentation's ConfigMaps.
     */
    Map<String, String> segments();

    /** The fault injected into the new code path at start-up; {@code POST /fault} replaces it at run time. */
    FaultSettings fault();

    /** Latency histogram settings. */
    MetricsSettings metrics();

    interface FlagSettings {
        /** The Unleash feature toggle that turns the new code path on. */
        @WithDefault("new-checkout")
        String name();

        /** The Unleash context field that carries the tenant key (a custom property, used as stickiness). */
        @WithDefault("tenantId")
        String contextField();
    }

    interface UnleashSettings {
        /** The Unleash server, with or without the {@code /api} suffix. */
        @WithDefault("http://127.0.0.1:4242")
        String url();

        /** A backend (client) token, sent as the {@code Authorization} header. Required unless a code path is fixed. */
        Optional<String> token();

        @WithDefault("bulkhead-demo-service")
        String appName();

        @WithDefault("development")
        String environment();

        /** How often the SDK fetches the toggles; short so the demo follows each release step within a second or so. */
        @WithDefault("1s")
        Duration refresh();
    }

    interface FaultSettings {
        /** Tenants whose new code path fails; {@code *} means every tenant. */
        Optional<List<String>> tenants();

        /** Segments (keys of {@code bulkhead.demo.segments}) whose tenants' new code path fails. */
        Optional<List<String>> segments();

        /** Probability in [0, 1] that an affected request answers HTTP 500. */
        @WithDefault("0")
        double errorProbability();

        /** Extra latency added to an affected request. */
        @WithDefault("0s")
        Duration delay();

        /** Probability in [0, 1] that an affected request gets the extra latency. */
        @WithDefault("0")
        double delayProbability();

        /** Seed of the fault's random draws; unset: a new seed per start. */
        Optional<Long> seed();
    }

    interface MetricsSettings {
        /**
         * Upper bounds (seconds) of the latency histogram's buckets. Prometheus scrapes their {@code le} label as the
         * Prometheus Java client prints them: {@code 0.1}, {@code 0.3}, {@code 1.0} (not {@code 1}).
         */
        @WithDefault("0.025,0.05,0.1,0.2,0.3,0.5,1,2.5,5")
        List<Double> buckets();
    }
}
