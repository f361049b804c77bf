package dev.bulkhead.operator.rollout;

import static dev.bulkhead.operator.rollout.Scenario.segment;
import static dev.bulkhead.operator.rollout.Scenario.tenants;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bulkhead.analysis.source.prometheus.PrometheusClient;
import dev.bulkhead.analysis.source.prometheus.PrometheusConfig;
import dev.bulkhead.api.v1alpha1.Condition;
import dev.bulkhead.api.v1alpha1.ConditionStatus;
import dev.bulkhead.api.v1alpha1.Rollout;
import dev.bulkhead.api.v1alpha1.RolloutStatus;
import dev.bulkhead.api.v1alpha1.SegmentStatus;
import dev.bulkhead.api.v1alpha1.TenantImpact;
import dev.bulkhead.operator.events.EventRecorder;
import dev.bulkhead.operator.metrics.RolloutMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import dev.bulkhead.operator.release.flag.FlagLocation;
import dev.bulkhead.operator.release.flag.unleash.UnleashFlagStore;
import dev.bulkhead.operator.release.route.TenantMatching;
import dev.bulkhead.operator.release.route.TrafficRouterFactory;
import dev.bulkhead.operator.segmentation.SegmentationReconciler;
import dev.bulkhead.operator.status.Conditions;
import dev.bulkhead.operator.testing.OperatorHarness;
import dev.bulkhead.testbed.Prometheus;
import dev.bulkhead.testbed.ScrapedTenantTraffic;
import dev.bulkhead.testbed.TestNamespace;
import dev.bulkhead.testbed.TestbedExtension;
import dev.bulkhead.testbed.Unleash;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.getunleash.DefaultUnleash;
import io.getunleash.UnleashContext;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Releases by feature flag end to end on real components: the operator (in-process) on the local API server, the
 * flag in a real Unleash, applications' view of it through Unleash's Java SDK, and verdicts from a real Prometheus
 * scraping tenant traffic.
 */
@ExtendWith(TestbedExtension.class)
class FlagRolloutIT {

    static final List<String> INTERNAL = List.of("staff", "qa-bot");
    static final List<String> FREE = tenants("free", 8);
    static final List<String> PAYING = tenants("paying", 8);
    static final List<String> ENTERPRISE = tenants("corp", 4);

    private static final SimpleMeterRegistry METERS = new SimpleMeterRegistry();
    private static UnleashFlagStore flagStore;
    private static String unleashUrl;
    private static String unleashToken;
    private static OperatorHarness operator;
    private static DefaultUnleash sdk;
    private static final List<AutoCloseable> closing = new ArrayList<>();

    @BeforeAll
    static void start(KubernetesClient client, TestNamespace namespace, Prometheus prometheus, Unleash unleash) {
        EventRecorder events = new EventRecorder(client, Clock.systemUTC(), Optional.empty());
        unleashUrl = unleash.baseUrl().toString().replaceAll("/$", "");
        unleashToken = unleash.adminToken();
        flagStore = new UnleashFlagStore(unleash.baseUrl(), unleash.adminToken(), Duration.ofSeconds(5), Duration.ofSeconds(10));
        RolloutReconciler rollouts = new RolloutReconciler(Clock.systemUTC(),
                new AnalysisRound(new PrometheusClient(PrometheusConfig.of(prometheus.baseUrl()))),
                new RolloutEffects(client, Optional.of(flagStore), new TrafficRouterFactory(client, TenantMatching.EXACT_ONLY), events),
                new RolloutObservations(client, events), new RolloutMetrics(METERS));
        operator = OperatorHarness.start(client, namespace.name(),
                List.of(new SegmentationReconciler(Clock.systemUTC()), rollouts));
        Scenario.apply(client, namespace, Scenario.segmentation("tiers", INTERNAL, FREE, PAYING, ENTERPRISE));
        Scenario.apply(client, namespace, Scenario.deployment("checkout"));
        sdk = Scenario.sdk(unleash, "flag-rollout-it");
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
        if (sdk != null) {
            sdk.shutdown();
        }
        if (operator != null) {
            operator.close();
        }
    }

    @Test
    void aGoodRevisionIsReleasedThroughEverySegmentAndTheFlagEndsOnForEveryone(KubernetesClient client,
            TestNamespace namespace, Prometheus prometheus) {
        String feature = "good-" + namespace.name();
        closing.add(traffic(prometheus, "good", feature, (tenant, exposed) -> 0.002));
        Scenario.apply(client, namespace, Scenario.slo("good-slo", "good"));
        Scenario.apply(client, namespace, Scenario.flagRollout("good", feature, "good-slo"));

        RolloutStatus released = Scenario.awaitPhase(client, namespace, "good", "Released", Duration.ofMinutes(4));

        assertThat(released.segments()).extracting(SegmentStatus::name)
                .containsExactly("internal", "free", "paying", "enterprise");
        assertThat(released.stableRevision()).isEqualTo(feature);
        assertThat(released.segments()).as("the canary's own burn rate, kept after the release")
                .allSatisfy(s -> assertThat(s.canaryBurnRate()).as(s.name()).isNotNull().isLessThan(1.0));
        // Held for a while, not glimpsed: SDKs refetch every second, so a flag switched off at promotion shows here.
        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(all())
                .as("Unleash holds %s", flagStore.observe(new FlagLocation("default", "development", feature)))
                .allSatisfy(t -> assertThat(enabled(feature, t)).as(t + " has the released flag").isTrue()));

        // Deleting a released rollout is not a rollback: the feature stays on for everyone.
        client.resources(Rollout.class).inNamespace(namespace.name()).withName("good").delete();
        await().atMost(Duration.ofSeconds(20))
                .until(() -> client.resources(Rollout.class).inNamespace(namespace.name()).withName("good").get() == null);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(all())
                .as("tenants with the released feature after the Rollout was deleted; Unleash holds %s; its events: %s",
                        flagStore.observe(new FlagLocation("default", "development", feature)), unleashEvents(feature))
                .allMatch(t -> enabled(feature, t)));
    }

    @Test
    void aRevisionThatHurtsOnlyPayingIsRolledBackThereAndEnterpriseIsNeverExposed(KubernetesClient client,
            TestNamespace namespace, Prometheus prometheus) {
        String feature = "bad-" + namespace.name();
        Set<String> broken = Set.of(PAYING.get(0), PAYING.get(3), PAYING.get(5));
        closing.add(traffic(prometheus, "bad", feature,
                (tenant, exposed) -> exposed && broken.contains(tenant) ? 0.30 : 0.002));
        Scenario.apply(client, namespace, Scenario.slo("bad-slo", "bad"));
        long rollbacksBefore = Optional.ofNullable(METERS.find("bulkhead_rollback_seconds").summary())
                .map(s -> s.count()).orElse(0L);
        Scenario.apply(client, namespace, Scenario.flagRollout("bad", feature, "bad-slo"));

        RolloutStatus rolledBack = Scenario.awaitPhase(client, namespace, "bad", "RolledBack", Duration.ofMinutes(4));

        SegmentStatus paying = segment(rolledBack, "paying");
        assertThat(paying.verdict()).isEqualTo("Fail");
        assertThat(paying.exposedPercent()).isZero();
        assertThat(paying.impactedTenants()).extracting(TenantImpact::tenant).isNotEmpty().isSubsetOf(broken);
        // The canary's own burn against the 99% objective (1% allowance): paying's canary spent its budget many times
        // faster than sustainable, free's (0.2% errors) well below.
        assertThat(paying.canaryBurnRate()).as("paying canary burn rate").isGreaterThan(2.0);
        assertThat(segment(rolledBack, "free").canaryBurnRate()).as("free canary burn rate").isLessThan(1.0);
        assertThat(segment(rolledBack, "enterprise").exposedPercent()).isZero();
        assertThat(segment(rolledBack, "enterprise").state()).isEqualTo("Pending");
        assertThat(segment(rolledBack, "free").state()).as("earlier segments keep the revision (keepEarlierSegments)")
                .isEqualTo("Released");
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            assertThat(PAYING).noneMatch(t -> enabled(feature, t));
            assertThat(ENTERPRISE).noneMatch(t -> enabled(feature, t));
            assertThat(FREE).allMatch(t -> enabled(feature, t));
        });
        List<Event> warnings = client.v1().events().inNamespace(namespace.name()).list().getItems().stream()
                .filter(e -> "bad".equals(e.getInvolvedObject().getName()) && "Warning".equals(e.getType())).toList();
        assertThat(warnings).extracting(Event::getMessage).anyMatch(m -> m.contains("paying"));
        assertThat(METERS.get("bulkhead_rollbacks_total").tag("segment", "paying").counter().count()).isEqualTo(1);
        assertThat(METERS.get("bulkhead_verdicts_total").tag("segment", "paying").tag("verdict", "fail").counter().count())
                .isPositive();
        assertThat(METERS.get("bulkhead_rollback_seconds").summary().count()).as("rollback latency observed")
                .isEqualTo(rollbacksBefore + 1);
        assertThat(METERS.get("bulkhead_rollback_seconds").summary().max()).as("withdrawn within the look's reconcile")
                .isLessThan(30);

        // The finalizer: deleting the rollout takes Bulkhead's strategies away, so free is off again too.
        client.resources(Rollout.class).inNamespace(namespace.name()).withName("bad").delete();
        await().atMost(Duration.ofSeconds(20))
                .until(() -> client.resources(Rollout.class).inNamespace(namespace.name()).withName("bad").get() == null);
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(all()).noneMatch(t -> enabled(feature, t)));
    }

    @Test
    void aQueryPrometheusRejectsIsAnAnalysisFailureWithPrometheusOwnMessageAndNobodyIsExposedFurther(
            KubernetesClient client, TestNamespace namespace, Prometheus prometheus) {
        String feature = "badquery-" + namespace.name();
        closing.add(traffic(prometheus, "badquery", feature, (tenant, exposed) -> 0.002));
        // A selector the mapping accepts and Prometheus refuses: the regex does not compile in RE2.
        Scenario.apply(client, namespace, Scenario.slo("badquery-slo", "badquery").replace("code=~\"5..\"", "code=~\"5((\""));
        Scenario.apply(client, namespace, Scenario.flagRollout("badquery", feature, "badquery-slo"));
        try {
            // Degraded may first say something else for a moment (an Unleash call timing out under load); the
            // analysis failure is what must show.
            Condition degraded = await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(300))
                    .until(() -> Optional.ofNullable(client.resources(Rollout.class).inNamespace(namespace.name())
                                    .withName("badquery").get().getStatus())
                                    .flatMap(s -> Conditions.find(s.conditions(), "Degraded")).orElse(null),
                            c -> c != null && c.status() == ConditionStatus.TRUE
                                    && RolloutConditionReasons.ANALYSIS_FAILING.equals(c.reason()));

            assertThat(degraded.message()).as("Prometheus' own words").contains("parse");
            RolloutStatus status = client.resources(Rollout.class).inNamespace(namespace.name()).withName("badquery").get().getStatus();
            assertThat(segment(status, "internal").verdict()).isEqualTo("Error");
            assertThat(List.of("free", "paying", "enterprise"))
                    .allSatisfy(s -> assertThat(segment(status, s).exposedPercent()).as(s).isZero());
            assertThat(FREE).noneMatch(t -> enabled(feature, t));
        } finally {
            // Gone before its error limit rolls it back, so no other test's rollback metrics count this one.
            client.resources(Rollout.class).inNamespace(namespace.name()).withName("badquery").delete();
        }
        await().atMost(Duration.ofSeconds(20))
                .until(() -> client.resources(Rollout.class).inNamespace(namespace.name()).withName("badquery").get() == null);
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(INTERNAL).noneMatch(t -> enabled(feature, t)));
    }

    /** Unleash's own audit of a feature (who switched what, when), to explain a failure. */
    private static String unleashEvents(String feature) {
        try {
            var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(unleashUrl + "/api/admin/events/" + feature)).header("Authorization", unleashToken)
                    .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            var events = new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.body()).path("events");
            List<String> out = new ArrayList<>();
            events.forEach(e -> out.add(e.path("createdAt").asText() + " " + e.path("type").asText() + " "
                    + e.path("environment").asText() + " " + e.path("data").path("name").asText()));
            return out.toString();
        } catch (Exception e) {
            return "unavailable: " + e;
        }
    }

    private static ScrapedTenantTraffic traffic(Prometheus prometheus, String job, String feature,
            ScrapedTenantTraffic.ErrorRate errorRate) {
        return ScrapedTenantTraffic.of(job, all()).requestsPerSecond(40).exposedWhen(t -> enabled(feature, t))
                .errorRate(errorRate).versions("enabled", "disabled").seededFailures(job.hashCode()).scrapedBy(prometheus);
    }

    private static boolean enabled(String feature, String tenant) {
        return sdk.isEnabled(feature, UnleashContext.builder().addProperty("tenantId", tenant).build());
    }


    private static List<String> all() {
        List<String> all = new ArrayList<>(INTERNAL);
        all.addAll(FREE);
        all.addAll(PAYING);
        all.addAll(ENTERPRISE);
        return all;
    }

}
