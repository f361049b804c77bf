package dev.bulkhead.helm;

import dev.bulkhead.testbed.ScrapedTenantTraffic;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The resources {@link HelmInstallIT} releases with: two segments, an availability SLO per service on the tenant
 * traffic Prometheus scrapes, and flag and route Rollouts that step each segment straight to 100% with short bakes
 * (looks every 4 s against Prometheus' 1 s scrapes, so a rollout takes tens of seconds).
 */
final class ReleaseScenario {

    static final Map<String, List<String>> SEGMENTS = new LinkedHashMap<>();
    static {
        SEGMENTS.put("internal", List.of("staff", "qa-bot"));
        SEGMENTS.put("paying", List.of("acme", "hooli", "globex"));
    }

    private ReleaseScenario() {
    }

    static String segmentation() {
        return """
                apiVersion: bulkhead.dev/v1alpha1
                kind: Segmentation
                metadata: {name: tiers}
                spec:
                  segments:
                    - {name: internal, tenants: [%s]}
                    - {name: paying, tenants: [%s]}
                """.formatted(String.join(", ", SEGMENTS.get("internal")), String.join(", ", SEGMENTS.get("paying")));
    }

    static String slo(String name, String job) {
        return "---\n" + ScrapedTenantTraffic.availabilitySlo(name, job, "tiers");
    }

    /**
     * Internal at once, then paying; looks every 4 s against Prometheus' 1 s scrapes. Paying bakes for three looks, so
     * its verdict rests on windows wholly after the traffic moved to the canary. (A bake of one look once passed a
     * failing paying: that look saw the canary at 30% against a stable arm too small for evidence, and the judge then
     * passed on "no evidence of a regression". It no longer passes a relevantly worse canary rate: SequentialJudgeTest.)
     */
    static String flagRollout(String name, String feature) {
        return """
                ---
                apiVersion: bulkhead.dev/v1alpha1
                kind: Rollout
                metadata: {name: %s}
                spec:
                  segmentationRef: {name: tiers}
                  workload: {deploymentRef: {name: checkout}}
                  release: {flag: {feature: %s}}
                  plan:
                    segments:
                      - {name: internal, steps: [{percent: 100, bake: 4s}]}
                      - {name: paying, steps: [{percent: 100, bake: 12s}]}
                  analysis: {sloRefs: [{name: %s}], interval: 4s, minSamples: 40, minRegression: {absolute: 1, relative: 2}}
                  postReleaseBake: 4s
                """.formatted(name, feature, name);
    }

    static String routeRollout(String version) {
        return """
                ---
                apiVersion: bulkhead.dev/v1alpha1
                kind: Rollout
                metadata: {name: shop}
                spec:
                  segmentationRef: {name: tiers}
                  workload:
                    replicas: 1
                    template:
                      metadata: {labels: {app: shop}}
                      spec: {containers: [{name: shop, image: "demo.local/shop:%s"}]}
                  release:
                    route:
                      gatewayAPI: {httpRoute: {name: shop}}
                      stableService: {name: shop-stable}
                      canaryService: {name: shop-canary}
                  canary: {scaleDownDelay: 4s}
                  plan:
                    segments:
                      - {name: internal, steps: [{percent: 100, bake: 4s}]}
                      - {name: paying, steps: [{percent: 100, bake: 12s}]}
                  analysis: {sloRefs: [{name: shop}], interval: 4s, minSamples: 40, minRegression: {absolute: 1, relative: 2},
                    canaryVersion: canary, stableVersion: stable}
                  postReleaseBake: 4s
                """.formatted(version);
    }

    static void apply(KubernetesClient client, String ns, String yaml) {
        for (HasMetadata object : client.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).items()) {
            client.resource(object).inNamespace(ns).fieldManager("helm-install-it").forceConflicts().serverSideApply();
        }
    }
}
