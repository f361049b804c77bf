package dev.bulkhead.operator.rollout;

import static org.awaitility.Awaitility.await;

import dev.bulkhead.api.v1alpha1.Rollout;
import dev.bulkhead.api.v1alpha1.RolloutStatus;
import dev.bulkhead.api.v1alpha1.SegmentStatus;
import dev.bulkhead.testbed.ScrapedTenantTraffic;
import dev.bulkhead.testbed.TestNamespace;
import dev.bulkhead.testbed.Unleash;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.getunleash.DefaultUnleash;
import io.getunleash.util.UnleashConfig;
import io.getunleash.util.UnleashScheduledExecutorImpl;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

/** Given/when/then helpers for rollout scenarios: resources as YAML, and waiting for a phase. */
final class Scenario {

    private Scenario() {
    }

    static void apply(KubernetesClient client, TestNamespace namespace, String yaml) {
        for (HasMetadata object : client.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).items()) {
            client.resource(object).inNamespace(namespace.name()).forceConflicts().serverSideApply();
        }
    }

    static String segmentation(String name, List<String> internal, List<String> free, List<String> paying, List<String> enterprise) {
        return """
                apiVersion: bulkhead.dev/v1alpha1
                kind: Segmentation
                metadata: {name: %s}
                spec:
                  segments:
                    - {name: internal, tenants: %s}
                    - {name: free, tenants: %s}
                    - {name: paying, tenants: %s}
                    - {name: enterprise, tenants: %s}
                """.formatted(name, internal, free, paying, enterprise);
    }

    /** The application a flag release adopts: pods made ready by kwok on the testbed. */
    static String deployment(String name) {
        return """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: %s}
                spec:
                  replicas: 2
                  selector: {matchLabels: {app: %s}}
                  template:
                    metadata: {labels: {app: %s}}
                    spec:
                      containers: [{name: app, image: registry.example.com/checkout:1.0}]
                """.formatted(name, name, name);
    }

    static String slo(String name, String job) {
        return ScrapedTenantTraffic.availabilitySlo(name, job, "tiers");
    }

    /**
     * A fast flag rollout: internal at once, then two steps per segment, 6 s bakes, a look every 5 s. A pass needs
     * evidence, so the smallest relevant regression is +1 point and twice the rate: the scenarios' healthy tenants then
     * show it within seconds of traffic, and their broken ones (25% and more) fail as before.
     */
    static String flagRollout(String name, String feature, String slo) {
        return flagRollout(name, feature, slo, "6s", "[{percent: 50, bake: 6s}, {percent: 100, bake: 6s}]");
    }

    /** A flag rollout with its own bakes: internal at once, then {@code defaultSteps} for every other segment. */
    static String flagRollout(String name, String feature, String slo, String internalBake, String defaultSteps) {
        return """
                apiVersion: bulkhead.dev/v1alpha1
                kind: Rollout
                metadata: {name: %s}
                spec:
                  segmentationRef: {name: tiers}
                  workload: {deploymentRef: {name: checkout}}
                  release: {flag: {feature: %s}}
                  plan:
                    segments:
                      - name: internal
                        steps: [{percent: 100, bake: %s}]
                    defaultSteps: %s
                  analysis:
                    sloRefs: [{name: %s}]
                    interval: 5s
                    minSamples: 100
                    minRegression: {absolute: 1, relative: 2}
                  postReleaseBake: 2s
                """.formatted(name, feature, internalBake, defaultSteps, slo);
    }

    /** Tenants {@code prefix-1} .. {@code prefix-n}. */
    static List<String> tenants(String prefix, int n) {
        return IntStream.rangeClosed(1, n).mapToObj(i -> prefix + "-" + i).toList();
    }

    static SegmentStatus segment(RolloutStatus status, String name) {
        return status.segments().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    /**
     * Unleash's Java SDK as a service would run it, polling every second. It gets its own scheduler: the SDK's
     * default one is a JVM-wide singleton that {@code shutdown()} stops for every later instance, so a test class
     * shutting down its SDK would freeze the next class's flags at their first fetch.
     */
    static DefaultUnleash sdk(Unleash unleash, String appName) {
        return new DefaultUnleash(UnleashConfig.builder().appName(appName).instanceId("it")
                .unleashAPI(unleash.baseUrl() + "/api").apiKey(unleash.clientToken()).fetchTogglesInterval(1)
                .scheduledExecutor(new UnleashScheduledExecutorImpl())
                .synchronousFetchOnInitialisation(true).disableMetrics().build());
    }

    static RolloutStatus awaitPhase(KubernetesClient client, TestNamespace namespace, String name, String phase, Duration within) {
        return await().atMost(within).pollInterval(Duration.ofMillis(500))
                .until(() -> client.resources(Rollout.class).inNamespace(namespace.name()).withName(name).get().getStatus(),
                        s -> s != null && phase.equals(s.phase()));
    }
}
