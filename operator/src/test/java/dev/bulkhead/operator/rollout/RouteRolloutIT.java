package dev.bulkhead.operator.rollout;

import static dev.bulkhead.operator.rollout.Scenario.segment;
import static dev.bulkhead.operator.rollout.Scenario.tenants;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulkhead.analysis.source.prometheus.PrometheusClient;
import dev.bulkhead.analysis.source.prometheus.PrometheusConfig;
import dev.bulkhead.api.v1alpha1.Condition;
import dev.bulkhead.api.v1alpha1.ConditionStatus;
import dev.bulkhead.api.v1alpha1.Rollout;
import dev.bulkhead.api.v1alpha1.RolloutStatus;
import dev.bulkhead.api.v1alpha1.Segmentation;
import dev.bulkhead.api.v1alpha1.SegmentStatus;
import dev.bulkhead.api.v1alpha1.ServiceLevelObjective;
import dev.bulkhead.api.v1alpha1.TenantImpact;
import dev.bulkhead.engine.RolloutReasons;
import dev.bulkhead.engine.plan.Plan;
import dev.bulkhead.operator.events.EventRecorder;
import dev.bulkhead.operator.release.route.ObservedRoute;
import dev.bulkhead.operator.release.route.RouteCrds;
import dev.bulkhead.operator.release.route.RouteExposure;
import dev.bulkhead.operator.release.route.TenantMatching;
import dev.bulkhead.operator.release.route.TrafficRouter;
import dev.bulkhead.operator.release.route.TrafficRouterFactory;
import dev.bulkhead.operator.segmentation.SegmentationReconciler;
import dev.bulkhead.operator.status.Conditions;
import dev.bulkhead.operator.testing.OperatorHarness;
import dev.bulkhead.testbed.Prometheus;
import dev.bulkhead.testbed.ScrapedTenantTraffic;
import dev.bulkhead.testbed.TestNamespace;
import dev.bulkhead.testbed.TestbedExtension;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRuleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Releases by traffic route end to end on real components: the operator (in-process) on the local API server runs
 * the stable and canary Deployments (pods made ready by kwok) and keeps a user's Gateway API HTTPRoute in sync;
 * simulated tenants are served by whichever revision the route sends them to, and a real Prometheus scraping them
 * gives the verdicts. At every step the route sends exactly the tenants the engine exposed to the canary, and the
 * user's own rules stay as written.
 */
@ExtendWith(TestbedExtension.class)
class RouteRolloutIT {

    static final List<String> INTERNAL = List.of("staff", "qa-bot");
    static final List<String> FREE = tenants("free", 6);
    static final List<String> PAYING = tenants("paying", 6);
    static final List<String> ENTERPRISE = tenants("corp", 3);
    static final Map<String, List<String>> SEGMENTS = Map.of("internal", INTERNAL, "free", FREE, "paying", PAYING,
            "enterprise", ENTERPRISE);
    static final String TENANT_HEADER = "X-Tenant-Id";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static OperatorHarness operator;
    private static final List<AutoCloseable> closing = new ArrayList<>();

    @BeforeAll
    static void start(KubernetesClient client, TestNamespace namespace, Prometheus prometheus) {
        RouteCrds.installHttpRoute(client);
        EventRecorder events = new EventRecorder(client, Clock.systemUTC(), Optional.empty());
        RolloutReconciler rollouts = new RolloutReconciler(Clock.systemUTC(),
                new AnalysisRound(new PrometheusClient(PrometheusConfig.of(prometheus.baseUrl()))),
                new RolloutEffects(client, Optional.empty(), new TrafficRouterFactory(client, TenantMatching.EXACT_ONLY), events),
                new RolloutObservations(client, events));
        operator = OperatorHarness.start(client, namespace.name(),
                List.of(new SegmentationReconciler(Clock.systemUTC()), rollouts));
        Scenario.apply(client, namespace, Scenario.segmentation("tiers", INTERNAL, FREE, PAYING, ENTERPRISE));
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
        if (operator != null) {
            operator.close();
        }
    }

    @Test
    void aGoodRevisionIsRoutedToExactlyTheExposedTenantsAtEachStepAndEndsAsStableWithNoManagedRule(
            KubernetesClient client, TestNamespace namespace, Prometheus prometheus) {
        Release release = new Release(client, namespace, "shop");
        release.begin(prometheus, (tenant, onCanary) -> 0.002);

        RolloutStatus released = release.followUntil("Released", Duration.ofMinutes(4));

        assertThat(released.segments()).extracting(SegmentStatus::name)
                .containsExactly("internal", "free", "paying", "enterprise");
        assertThat(released.stableRevision()).isEqualTo(release.canaryRevision);
        // A 50% step of a small segment may already route all of it (tenants are bucketed by hash), so the route
        // changes at most twice per segment, and the segments it reaches come one at a time, in plan order.
        assertThat(release.steps).hasSizeBetween(4, 7);
        assertThat(release.steps.stream().map(RouteRolloutIT::segmentsRouted).distinct())
                .as("the route grew segment by segment: internal at once, then free, paying, enterprise in turn")
                .containsExactly(List.of("internal"), List.of("internal", "free"), List.of("internal", "free", "paying"),
                        List.of("internal", "free", "paying", "enterprise"));
        assertThat(release.steps.get(release.steps.size() - 1).tenants()).containsExactlyInAnyOrderElementsOf(all());
        for (int i = 1; i < release.steps.size(); i++) {
            assertThat(release.steps.get(i).tenants()).as("exposure never shrinks in a good release")
                    .containsAll(release.steps.get(i - 1).tenants());
        }
        // The canary's pods outlive its exposure by spec.canary.scaleDownDelay (4s here), never less.
        Instant promoted = released.history().stream().filter(h -> RolloutReasons.PROMOTED.equals(h.reason()))
                .map(h -> Instant.parse(h.time())).reduce((a, b) -> b).orElseThrow();
        Instant scaledDown = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> release.deployment(Workloads.CANARY).getSpec().getReplicas() == 0 ? Instant.now() : null,
                        java.util.Objects::nonNull);
        assertThat(scaledDown).as("canary scaled down after the delay").isAfterOrEqualTo(promoted.plusSeconds(4));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(release.deployment(Workloads.CANARY)
                .getMetadata().getAnnotations()).as("the mark goes once done").doesNotContainKey(Workloads.SCALE_DOWN_AT_ANNOTATION));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            ObservedRoute route = release.router.observe();
            assertThat(route.exposure().isNone()).as("no managed rule left: %s", route).isTrue();
            assertThat(route.anomalies()).isEmpty();
            assertThat(release.managedRules()).isEmpty();
            assertThat(release.userRules()).isEqualTo(release.userRulesAtStart);
            Deployment stable = release.deployment(Workloads.STABLE);
            assertThat(Workloads.revisionOf(stable)).contains(release.canaryRevision);
            assertThat(stable.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).endsWith(":2.0");
            assertThat(Workloads.ready(stable, release.canaryRevision)).isTrue();
            assertThat(release.deployment(Workloads.CANARY).getSpec().getReplicas()).as("canary retired").isZero();
            List<Pod> pods = release.pods(Workloads.STABLE);
            assertThat(pods).hasSize(2).allSatisfy(pod -> {
                assertThat(pod.getMetadata().getLabels()).containsEntry(Workloads.REVISION_LABEL, release.canaryRevision);
                assertThat(pod.getSpec().getContainers().get(0).getEnv())
                        .contains(new EnvVar(Workloads.REVISION_ENV, release.canaryRevision, null));
            });
        });
        assertThat(release.service(Workloads.STABLE).getSpec().getSelector())
                .containsEntry(Workloads.TRACK_LABEL, Workloads.STABLE).containsEntry(Workloads.ROLLOUT_LABEL, "shop");
        assertThat(release.service(Workloads.CANARY).getSpec().getSelector())
                .containsEntry(Workloads.TRACK_LABEL, Workloads.CANARY).containsEntry(Workloads.ROLLOUT_LABEL, "shop");

        // More replicas without a new template: stable follows, with the same revision, and no new rollout starts.
        client.resources(Rollout.class).inNamespace(namespace.name()).withName("shop")
                .patch(io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
                        io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE), "{\"spec\":{\"workload\":{\"replicas\":3}}}");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Deployment stable = release.deployment(Workloads.STABLE);
            assertThat(stable.getSpec().getReplicas()).isEqualTo(3);
            assertThat(Workloads.revisionOf(stable)).contains(release.canaryRevision);
        });
        assertThat(client.resources(Rollout.class).inNamespace(namespace.name()).withName("shop").get().getStatus().phase())
                .isEqualTo("Released");
    }

    @Test
    void aRevisionThatHurtsOnlyPayingIsRoutedBackToStableForPayingAndEnterpriseIsNeverRouted(
            KubernetesClient client, TestNamespace namespace, Prometheus prometheus) {
        Release release = new Release(client, namespace, "cart");
        Set<String> broken = Set.of(PAYING.get(0), PAYING.get(2), PAYING.get(4));
        release.begin(prometheus, (tenant, onCanary) -> onCanary && broken.contains(tenant) ? 0.30 : 0.002);

        RolloutStatus rolledBack = release.followUntil("RolledBack", Duration.ofMinutes(4));

        SegmentStatus paying = segment(rolledBack, "paying");
        assertThat(paying.verdict()).isEqualTo("Fail");
        assertThat(paying.exposedPercent()).isZero();
        assertThat(paying.impactedTenants()).extracting(TenantImpact::tenant).isNotEmpty().isSubsetOf(broken);
        assertThat(segment(rolledBack, "enterprise").exposedPercent()).isZero();
        assertThat(release.steps).as("paying was routed to the canary before the rollback")
                .anyMatch(step -> step.tenants().stream().anyMatch(PAYING::contains));
        assertThat(release.steps).as("enterprise was never routed to the canary")
                .allMatch(step -> step.tenants().stream().noneMatch(ENTERPRISE::contains));
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            ObservedRoute route = release.router.observe();
            assertThat(route.anomalies()).isEmpty();
            assertThat(route.exposure()).as("earlier segments keep the canary (keepEarlierSegments), paying does not")
                    .isEqualTo(RouteExposure.only(concat(INTERNAL, FREE)));
            assertThat(release.userRules()).isEqualTo(release.userRulesAtStart);
        });
        assertThat(Workloads.ready(release.deployment(Workloads.CANARY), release.canaryRevision))
                .as("the canary keeps serving internal and free").isTrue();
        assertThat(release.deployment(Workloads.STABLE).getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .as("stable still runs the first template").endsWith(":1.0");

        // The finalizer: deleting the rollout routes everyone back to stable and keeps the user's rules.
        client.resources(Rollout.class).inNamespace(namespace.name()).withName("cart").delete();
        await().atMost(Duration.ofSeconds(20))
                .until(() -> client.resources(Rollout.class).inNamespace(namespace.name()).withName("cart").get() == null);
        ObservedRoute restored = release.router.observe();
        assertThat(restored.exposure().isNone()).as("no managed rule left: %s", restored).isTrue();
        assertThat(release.managedRules()).isEmpty();
        assertThat(release.userRules()).isEqualTo(release.userRulesAtStart);
    }

    @Test
    void aCanaryTheApiServerRefusedIsDeployedOnceTheCauseIsGone(KubernetesClient client, TestNamespace namespace) {
        Release release = new Release(client, namespace, "basket");
        await().atMost(Duration.ofSeconds(60)).until(() -> release.get().getStatus(),
                s -> s != null && s.stableRevision() != null && Workloads.ready(release.deployment(Workloads.STABLE), s.stableRevision()));
        // A quota that admits no further Deployment in the namespace: the canary's creation is refused.
        int deployments = client.apps().deployments().inNamespace(namespace.name()).list().getItems().size();
        client.resource(new io.fabric8.kubernetes.api.model.ResourceQuotaBuilder().withNewMetadata().withName("no-more")
                .withNamespace(namespace.name()).endMetadata().withNewSpec()
                .addToHard("count/deployments.apps", new io.fabric8.kubernetes.api.model.Quantity(String.valueOf(deployments)))
                .endSpec().build()).create();
        await().atMost(Duration.ofSeconds(30)).until(() -> client.resourceQuotas().inNamespace(namespace.name())
                .withName("no-more").get().getStatus(), s -> s != null && s.getUsed() != null && !s.getUsed().isEmpty());

        Scenario.apply(client, namespace, rollout("basket", "2.0"));

        Condition degraded = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
                .until(() -> Optional.ofNullable(release.get().getStatus())
                                .flatMap(s -> Conditions.find(s.conditions(), "Degraded")).orElse(null),
                        c -> c != null && c.status() == ConditionStatus.TRUE);
        assertThat(degraded.reason()).isEqualTo(RolloutConditionReasons.WORKLOAD_NOT_APPLIED);
        assertThat(degraded.message()).contains("exceeded quota");
        assertThat(release.get().getStatus().phase()).isEqualTo("Deploying");
        assertThat(release.deployment(Workloads.CANARY)).isNull();

        client.resourceQuotas().inNamespace(namespace.name()).withName("no-more").delete();

        // The operator retries while degraded (every 10 s at most) and deploys the canary it was refused.
        RolloutStatus progressing = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
                .until(() -> release.get().getStatus(), s -> "Progressing".equals(s.phase()));
        assertThat(Workloads.ready(release.deployment(Workloads.CANARY), progressing.canaryRevision())).isTrue();
        assertThat(Conditions.find(progressing.conditions(), "Degraded")).hasValueSatisfying(
                c -> assertThat(c.status()).isEqualTo(ConditionStatus.FALSE));
    }

    /** One route release in the test namespace: its Services, user route, Rollout, traffic and what was observed. */
    private static final class Release {
        final KubernetesClient client;
        final TestNamespace namespace;
        final String name;
        final TrafficRouter router;
        final List<RouteExposure> steps = new ArrayList<>();
        final AtomicReference<RouteExposure> routed = new AtomicReference<>(RouteExposure.none());
        List<JsonNode> userRulesAtStart;
        String stableRevision;
        String canaryRevision;
        Plan plan;

        Release(KubernetesClient client, TestNamespace namespace, String name) {
            this.client = client;
            this.namespace = namespace;
            this.name = name;
            Scenario.apply(client, namespace, Scenario.slo(name + "-slo", name));
            client.resource(new HTTPRouteBuilder().withNewMetadata().withName(name).withNamespace(namespace.name()).endMetadata()
                    .withNewSpec()
                    .addNewParentRef().withName("public").endParentRef()
                    .addToRules(new HTTPRouteRuleBuilder()
                            .addNewMatch().withNewPath().withValue("/admin").endPath().endMatch()
                            .addNewBackendRef().withName(name + "-admin").withPort(80).endBackendRef().build())
                    .addToRules(new HTTPRouteRuleBuilder()
                            .addNewBackendRef().withName(name + "-stable").withPort(80).endBackendRef().build())
                    .endSpec().build()).create();
            userRulesAtStart = userRules();
            Scenario.apply(client, namespace, rollout(name, "1.0"));
            Rollout rollout = get();
            this.router = new TrafficRouterFactory(client, TenantMatching.EXACT_ONLY)
                    .routerFor(namespace.name(), rollout.getSpec().release().route(), TENANT_HEADER);
        }

        /**
         * The first template becomes stable; then a new template starts a release, with traffic served by the
         * revision the route sends each tenant to.
         */
        void begin(Prometheus prometheus, ScrapedTenantTraffic.ErrorRate errorRate) {
            RolloutStatus first = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
                    .until(() -> get().getStatus(), s -> s != null && s.stableRevision() != null
                            && Workloads.ready(deployment(Workloads.STABLE), s.stableRevision()));
            stableRevision = first.stableRevision();
            assertThat(deployment(Workloads.CANARY)).as("the first template goes to stable, no canary").isNull();
            assertThat(router.observe().exposure().isNone()).isTrue();
            plan = RolloutInputs.read(get(),
                    n -> Optional.ofNullable(client.resources(Segmentation.class).inNamespace(namespace.name()).withName(n).get()),
                    n -> Optional.ofNullable(client.resources(ServiceLevelObjective.class).inNamespace(namespace.name()).withName(n).get()),
                    client).inputs().plan();

            Scenario.apply(client, namespace, rollout(name, "2.0"));
            RolloutStatus releasing = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300))
                    .until(() -> get().getStatus(), s -> s != null && s.canaryRevision() != null
                            && !s.canaryRevision().equals(stableRevision));
            canaryRevision = releasing.canaryRevision();
            assertThat(releasing.stableRevision()).isEqualTo(stableRevision);

            ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "route-watcher-" + name);
                t.setDaemon(true);
                return t;
            });
            watcher.scheduleWithFixedDelay(() -> {
                try {
                    routed.set(router.observe().exposure());
                } catch (RuntimeException e) {
                    // keep the last observation; the next tick retries
                }
            }, 0, 200, TimeUnit.MILLISECONDS);
            closing.add(watcher::shutdownNow);
            closing.add(ScrapedTenantTraffic.of(name, all()).requestsPerSecond(40).exposedWhen(t -> routed.get().routesToCanary(t))
                    .errorRate(errorRate).versions(canaryRevision, stableRevision).seededFailures(name.hashCode())
                    .scrapedBy(prometheus));

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(Workloads.ready(deployment(Workloads.CANARY), canaryRevision)).as("canary ready through kwok").isTrue());
            String uid = get().getMetadata().getUid();
            for (HasMetadata owned : List.of(deployment(Workloads.STABLE), deployment(Workloads.CANARY),
                    service(Workloads.STABLE), service(Workloads.CANARY))) {
                assertThat(owned.getMetadata().getOwnerReferences()).as("%s owned by the Rollout", owned.getMetadata().getName())
                        .singleElement().satisfies(o -> {
                            assertThat(o.getUid()).isEqualTo(uid);
                            assertThat(o.getController()).isTrue();
                        });
            }
        }

        /**
         * Follows the release until {@code phase}, checking on every consistent snapshot (the same Rollout before and
         * after reading the route) that the route carries what the status says; the route is written before the
         * status, so it may lead for a moment, never for long. Records every distinct exposure.
         */
        RolloutStatus followUntil(String phase, Duration within) {
            long[] mismatchSince = {0};
            AtomicReference<RolloutStatus> reached = new AtomicReference<>();
            await().atMost(within).pollInterval(Duration.ofMillis(300)).until(() -> {
                Rollout before = get();
                Deployment canaryBefore = deployment(Workloads.CANARY);
                ObservedRoute route = router.observe();
                Deployment canaryAfter = deployment(Workloads.CANARY);
                List<JsonNode> user = userRules();
                Rollout after = get();
                if (!route.exposure().isNone()) {
                    // Read around the route: the canary becomes ready just before the first exposure and is retired
                    // just after the last, so one of the two reads sees it ready unless tenants reach a canary
                    // that never was.
                    assertThat(Workloads.ready(canaryBefore, canaryRevision) || Workloads.ready(canaryAfter, canaryRevision))
                            .as("tenants are routed only to a ready canary").isTrue();
                }
                assertThat(user).as("user rules untouched").isEqualTo(userRulesAtStart);
                assertThat(route.anomalies()).as("route as Bulkhead wrote it").isEmpty();
                if (!before.getMetadata().getResourceVersion().equals(after.getMetadata().getResourceVersion())) {
                    return false;
                }
                RolloutStatus status = after.getStatus();
                RouteExposure expected = Exposures.route(plan, EngineRecord.read(status.engine()).state());
                if (!route.exposure().equals(expected)) {
                    long now = System.nanoTime();
                    if (mismatchSince[0] == 0) {
                        mismatchSince[0] = now;
                    }
                    assertThat(Duration.ofNanos(now - mismatchSince[0])).as("route %s disagrees with status %s (expected %s)",
                            route.exposure(), status.exposure(), expected).isLessThan(Duration.ofSeconds(5));
                    return false;
                }
                mismatchSince[0] = 0;
                for (SegmentStatus segment : status.segments()) {
                    List<String> tenants = SEGMENTS.get(segment.name());
                    assertThat(tenants.stream().filter(route.exposure()::routesToCanary).count())
                            .as("tenants of %s routed to the canary (status: %s)", segment.name(), status.exposure())
                            .isEqualTo(segment.exposedTenants().longValue());
                }
                assertThat(route.exposure().tenants()).as("nobody outside the segmentation is routed")
                        .isSubsetOf(all());
                if (!route.exposure().isNone() && (steps.isEmpty() || !steps.get(steps.size() - 1).equals(route.exposure()))) {
                    steps.add(route.exposure());
                }
                reached.set(status);
                return phase.equals(status.phase());
            });
            return reached.get();
        }

        Rollout get() {
            return client.resources(Rollout.class).inNamespace(namespace.name()).withName(name).get();
        }

        Deployment deployment(String track) {
            return client.apps().deployments().inNamespace(namespace.name()).withName(name + "-" + track).get();
        }

        Service service(String track) {
            return client.services().inNamespace(namespace.name()).withName(name + "-" + track).get();
        }

        List<Pod> pods(String track) {
            return client.pods().inNamespace(namespace.name()).withLabel(Workloads.ROLLOUT_LABEL, name)
                    .withLabel(Workloads.TRACK_LABEL, track).list().getItems().stream()
                    .filter(p -> p.getMetadata().getDeletionTimestamp() == null).toList();
        }

        HTTPRoute route() {
            return client.resources(HTTPRoute.class).inNamespace(namespace.name()).withName(name).get();
        }

        /** Rules neither sending to the canary nor matching on the tenant header: the user's. */
        List<JsonNode> userRules() {
            return rules(false);
        }

        List<JsonNode> managedRules() {
            return rules(true);
        }

        private List<JsonNode> rules(boolean managed) {
            List<JsonNode> out = new ArrayList<>();
            for (JsonNode rule : JSON.valueToTree(route().getSpec().getRules())) {
                boolean toCanary = false;
                for (JsonNode b : rule.path("backendRefs")) {
                    toCanary |= (name + "-canary").equals(b.path("name").asText());
                }
                boolean onTenant = false;
                for (JsonNode m : rule.path("matches")) {
                    for (JsonNode h : m.path("headers")) {
                        onTenant |= TENANT_HEADER.equalsIgnoreCase(h.path("name").asText());
                    }
                }
                if ((toCanary || onTenant) == managed) {
                    out.add(rule);
                }
            }
            return out;
        }
    }


    /** A fast route rollout of an owned template: internal at once, then half and all of each segment. */
    static String rollout(String name, String tag) {
        return """
                apiVersion: bulkhead.dev/v1alpha1
                kind: Rollout
                metadata: {name: %s}
                spec:
                  segmentationRef: {name: tiers}
                  workload:
                    replicas: 2
                    template:
                      metadata: {labels: {app: %s}}
                      spec:
                        containers:
                          - name: app
                            image: registry.example.com/%s:%s
                            ports: [{containerPort: 8080}]
                  release:
                    route:
                      gatewayAPI: {httpRoute: {name: %s}}
                      stableService: {name: %s-stable}
                      canaryService: {name: %s-canary}
                      port: 80
                  canary: {scaleDownDelay: 4s}
                  plan:
                    segments:
                      - name: internal
                        steps: [{percent: 100, bake: 6s}]
                    defaultSteps: [{percent: 50, bake: 6s}, {percent: 100, bake: 6s}]
                  analysis:
                    sloRefs: [{name: %s-slo}]
                    interval: 5s
                    minSamples: 100
                    minRegression: {absolute: 1, relative: 2}
                  postReleaseBake: 2s
                """.formatted(name, name, name, tag, name, name, name, name);
    }

    /** The segments, in release order, that have at least one tenant routed to the canary. */
    private static List<String> segmentsRouted(RouteExposure exposure) {
        return List.of("internal", "free", "paying", "enterprise").stream()
                .filter(s -> SEGMENTS.get(s).stream().anyMatch(exposure::routesToCanary)).toList();
    }


    private static List<String> all() {
        List<String> all = new ArrayList<>(INTERNAL);
        all.addAll(FREE);
        all.addAll(PAYING);
        all.addAll(ENTERPRISE);
        return all;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

}
