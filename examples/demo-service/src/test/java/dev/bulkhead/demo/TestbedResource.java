package dev.bulkhead.demo;

import dev.bulkhead.testbed.Prometheus;
import dev.bulkhead.testbed.Testbed;
import dev.bulkhead.testbed.Unleash;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

/**
 * Starts the testbed's real Unleash and Prometheus (once per JVM), creates the release flag the way Bulkhead's
 * FeatureFlag does (a {@code flexibleRollout} strategy, stickiness and constraint on {@code tenantId}) before the
 * service starts, and hands everything to the service and the test as configuration: the test reads the
 * {@code demo-it.*} keys rather than calling {@link Testbed} itself, so the testbed is started from one class loader
 * only.
 */
public class TestbedResource implements QuarkusTestResourceLifecycleManager {

    /** The tenants the flag's strategy names: the paying segment and one free tenant. */
    static final String PAYING = "acme,hooli";
    static final String FREE = "free-01,free-02";
    /** Tenants of a segment released at {@link #RAMP_PERCENT}% (a step of a Rollout). */
    static final List<String> RAMP = IntStream.rangeClosed(1, 40).mapToObj(i -> String.format("ramp-%02d", i)).toList();
    static final int RAMP_PERCENT = 40;

    @Override
    public Map<String, String> start() {
        Unleash unleash = Testbed.sharedUnleash();
        Prometheus prometheus = Testbed.sharedPrometheus();
        String flag = "demo-it-" + UUID.randomUUID().toString().substring(0, 8);
        UnleashAdmin admin = new UnleashAdmin(unleash.baseUrl(), unleash.adminToken());
        admin.createFlagForTenants(flag, "bulkhead:paying", "acme", "hooli", "free-01");
        admin.addStrategy(flag, "bulkhead:ramp", RAMP_PERCENT, RAMP.toArray(String[]::new));
        return Map.of(
                "bulkhead.demo.unleash.url", unleash.baseUrl().toString(),
                "bulkhead.demo.unleash.token", unleash.clientToken(),
                "bulkhead.demo.flag.name", flag,
                "bulkhead.demo.segments.paying", PAYING,
                "bulkhead.demo.segments.free", FREE,
                "bulkhead.demo.fault.seed", "20261124",
                "demo-it.unleash.admin-token", unleash.adminToken(),
                "demo-it.prometheus.url", prometheus.baseUrl().toString(),
                "demo-it.prometheus.config-dir", prometheus.configDir().toString());
    }

    @Override
    public void stop() {
        // The testbed stops its processes when the JVM exits; flags have names of their own.
    }
}
