package dev.bulkhead.helm;

import static dev.bulkhead.helm.Observed.gauge;
import static dev.bulkhead.helm.Observed.phase;
import static dev.bulkhead.helm.Observed.prometheusRules;
import static dev.bulkhead.helm.Observed.segment;
import static dev.bulkhead.helm.Observed.segmentationReady;
import static dev.bulkhead.helm.Observed.status;
import static dev.bulkhead.helm.Observed.strategyTitles;
import static dev.bulkhead.helm.ReleaseScenario.SEGMENTS;
import static dev.bulkhead.helm.ReleaseScenario.apply;
import static dev.bulkhead.helm.ReleaseScenario.flagRollout;
import static dev.bulkhead.helm.ReleaseScenario.routeRollout;
import static dev.bulkhead.helm.ReleaseScenario.segmentation;
import static dev.bulkhead.helm.ReleaseScenario.slo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulkhead.api.v1alpha1.FeatureFlag;
import dev.bulkhead.api.v1alpha1.Rollout;
import dev.bulkhead.api.v1alpha1.Segmentation;
import dev.bulkhead.api.v1alpha1.SegmentStatus;
import dev.bulkhead.testbed.Prometheus;
import dev.bulkhead.testbed.ScrapedTenantTraffic;
import dev.bulkhead.testbed.TestNamespace;
import dev.bulkhead.testbed.TestbedExtension;
import dev.bulkhead.testbed.Unleash;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The chart installed with {@code helm install} on the testbed's real API server, in namespaced scope with leader
 * election and two replicas, and the packaged operator run twice as those replicas with exactly what the chart gives
 * a pod: its container's environment (Secrets and field references resolved as the kubelet would) and a token of its
 * ServiceAccount, so every request the operator makes is authorized by the chart's RBAC and nothing else. Against the
 * real Prometheus and Unleash it releases a flag and a route rollout to Released and rolls back a failing segment;
 * a rule taken out of the chart's Role stops a rollout with Forbidden until it is given back; the chart's alerts and
 * dashboard are checked against the metrics the running operator exports.
 *
 * <p>The scenarios build on each other (one install, one pair of replicas), so they run in order.
 */
@ExtendWith(TestbedExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HelmInstallIT {

    static final String RELEASE = "bk";
    static final String FULLNAME = "bk-bulkhead";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path WORK = HelmCli.ROOT.resolve("helm/target/helm-install-it");

    private static final List<AutoCloseable> closing = new ArrayList<>();
    private static final List<OperatorProcess> replicas = new ArrayList<>();
    private static String namespace;
    private static String flags;
    private static String routes;
    private static String denied;
    private static Path adminKubeconfig;
    private static Rendered installed;

    @BeforeAll
    static void install(KubernetesClient client, TestNamespace testNamespace, Prometheus prometheus, Unleash unleash)
            throws IOException {
        namespace = testNamespace.name();
        flags = namespace + "-flags";
        routes = namespace + "-routes";
        denied = namespace + "-denied";
        for (String ns : List.of(flags, routes, denied)) {
            Cluster.createNamespace(client, ns);
        }
        ThirdPartyCrds.installHttpRoute(client);
        ThirdPartyCrds.installPrometheusOperator(client);
        client.resource(new SecretBuilder().withNewMetadata().withName("unleash-admin").withNamespace(namespace).endMetadata()
                .addToStringData("token", unleash.adminToken()).build()).create();

        Files.createDirectories(WORK);
        adminKubeconfig = Cluster.adminKubeconfig(client.getConfiguration(), WORK.resolve("admin.kubeconfig"));
        Path values = WORK.resolve("values.yaml");
        Files.writeString(values, """
                scope: namespaced
                watchNamespaces: [%s, %s, %s]
                replicas: 2
                leaderElection: {enabled: true}
                prometheus: {url: "%s"}
                unleash:
                  url: "%s"
                  adminTokenSecret: {name: unleash-admin}
                sloInterval: 5s
                serviceMonitor: {enabled: true}
                prometheusRule: {enabled: true}
                """.formatted(flags, routes, denied, prometheus.baseUrl(), unleash.baseUrl()));
        helm("install", RELEASE, HelmCli.CHART.toString(), "--namespace", namespace, "--values", values.toString());
        installed = new Rendered(helm("get", "manifest", RELEASE, "--namespace", namespace).out());

        // Each replica presents the ServiceAccount's token and nothing else.
        Path kubeconfig = Cluster.tokenKubeconfig(client.getConfiguration(), Cluster.token(client, namespace, FULLNAME),
                namespace, WORK.resolve("service-account.kubeconfig"));
        Map<String, String> env = Cluster.podEnvironment(client, namespace, installed.env(FULLNAME));
        for (String pod : List.of(FULLNAME + "-0", FULLNAME + "-1")) {
            OperatorProcess replica = OperatorProcess.start(pod, env, kubeconfig);
            replicas.add(replica);
            closing.add(replica);
        }
        Path target = prometheus.configDir().resolve("targets").resolve(FULLNAME + ".yml");
        Files.writeString(target, "- targets: [" + replicas.stream().map(r -> "'127.0.0.1:" + r.port() + "'")
                .collect(Collectors.joining(", ")) + "]\n  labels: {job: '" + FULLNAME + "', __metrics_path__: /q/metrics}\n");
        closing.add(() -> Files.deleteIfExists(target));
    }

    @AfterAll
    static void uninstall(KubernetesClient client) throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
        if (installed != null) {
            helm("uninstall", RELEASE, "--namespace", namespace);
        }
        for (String ns : List.of(flags, routes, denied)) {
            if (ns != null) {
                Cluster.deleteNamespace(client, ns);
            }
        }
        // Credentials of a throwaway cluster, but credentials: not left in target/.
        Files.deleteIfExists(WORK.resolve("admin.kubeconfig"));
        Files.deleteIfExists(WORK.resolve("service-account.kubeconfig"));
    }

    @Test
    @Order(1)
    void bothReplicasAreLiveAndReadyAndExactlyOneHoldsTheLease(KubernetesClient client) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            for (OperatorProcess replica : replicas) {
                assertThat(replica.alive()).as("%s is running; log: %s", replica.name(), replica.logFile()).isTrue();
                assertThat(replica.get("/q/health/ready").status()).as(replica.name() + " readiness").isEqualTo(200);
                assertThat(replica.get("/q/health/live").status()).as(replica.name() + " liveness").isEqualTo(200);
            }
        });
        assertThat(leader(client).name()).isIn(FULLNAME + "-0", FULLNAME + "-1");
    }

    @Test
    @Order(2)
    void underTheChartsRbacAFlagAndARouteReleaseReachReleasedAndAFailingSegmentIsRolledBack(KubernetesClient client,
            Prometheus prometheus, Unleash unleash) throws Exception {
        // given: tenants whose traffic Prometheus scrapes, judged by one SLO per service
        String good = namespace + "-good";
        String bad = namespace + "-bad";
        apply(client, flags, segmentation() + slo("good", good) + slo("bad", bad) + """
                ---
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: checkout}
                spec:
                  replicas: 1
                  selector: {matchLabels: {app: checkout}}
                  template:
                    metadata: {labels: {app: checkout}}
                    spec: {containers: [{name: checkout, image: demo.local/checkout:1.0}]}
                """ + flagRollout("good", good) + flagRollout("bad", bad));
        apply(client, routes, segmentation() + slo("shop", routes) + """
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {name: shop}
                spec:
                  parentRefs: [{name: public}]
                  rules:
                    - backendRefs: [{name: shop-stable, port: 80}]
                """ + routeRollout("1.0"));
        traffic(client, prometheus, good, flags, "good", "enabled", "disabled", (tenant, canary) -> 0.002);
        traffic(client, prometheus, bad, flags, "bad", "enabled", "disabled",
                (tenant, canary) -> canary && SEGMENTS.get("paying").contains(tenant) ? 0.3 : 0.002);
        traffic(client, prometheus, routes, routes, "shop", "canary", "stable", (tenant, canary) -> 0.002);
        await().atMost(Duration.ofSeconds(60)).until(() -> phase(client, routes, "shop"), "Released"::equals);

        // when: the route rollout gets a new template (the flag rollouts started when created)
        apply(client, routes, routeRollout("2.0"));

        // then
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            assertThat(phase(client, flags, "good")).as("flag release").isEqualTo("Released");
            assertThat(phase(client, flags, "bad")).as("failing flag release").isEqualTo("RolledBack");
            assertThat(status(client, routes, "shop").stableRevision()).as("route release promoted")
                    .isEqualTo(status(client, routes, "shop").canaryRevision());
            assertThat(phase(client, routes, "shop")).as("route release").isEqualTo("Released");
        });
        SegmentStatus paying = segment(status(client, flags, "bad"), "paying");
        assertThat(paying.verdict()).isEqualTo("Fail");
        assertThat(paying.exposedPercent()).isZero();
        assertThat(strategyTitles(unleash, good)).as("released to everyone").containsExactly("bulkhead:released");
        assertThat(strategyTitles(unleash, bad)).contains("bulkhead:internal").doesNotContain("bulkhead:paying");

        // The canary is retired scaleDownDelay (4 s) after the promotion, whichever rollout finished last.
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            Deployment canary = client.apps().deployments().inNamespace(routes).withName("shop-canary").get();
            assertThat(canary.getSpec().getReplicas()).as("canary retired through deployments/scale").isZero();
            Deployment stable = client.apps().deployments().inNamespace(routes).withName("shop-stable").get();
            assertThat(stable.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).endsWith(":2.0");
            JsonNode route = JSON.valueToTree(client.genericKubernetesResources("gateway.networking.k8s.io/v1", "HTTPRoute")
                    .inNamespace(routes).withName("shop").get().getAdditionalProperties().get("spec"));
            assertThat(route.path("rules")).as("no tenant rule left on the HTTPRoute").hasSize(1);
        });
        assertThat(client.services().inNamespace(routes).withName("shop-canary").get()).isNotNull();
        assertThat(client.v1().events().inNamespace(flags).list().getItems())
                .as("Events the operator recorded").anyMatch(e -> "bulkhead-operator".equals(e.getReportingComponent()));
        for (String[] slo : List.of(new String[] {flags, "good"}, new String[] {flags, "bad"}, new String[] {routes, "shop"})) {
            assertThat(client.genericKubernetesResources("monitoring.coreos.com/v1", "PrometheusRule").inNamespace(slo[0])
                    .withName(slo[1] + "-slo").get()).as("PrometheusRule of SLO %s/%s", slo[0], slo[1]).isNotNull();
        }
        for (OperatorProcess replica : replicas) {
            assertThat(replica.log()).as("%s log (%s)", replica.name(), replica.logFile())
                    .doesNotContainIgnoringCase("forbidden");
        }
    }

    @Test
    @Order(3)
    void aFeatureFlagIsKeptInUnleashAndItsFinalizerIsReleasedWhenItIsDeleted(KubernetesClient client, Unleash unleash) {
        String feature = namespace + "-dark-mode";
        apply(client, flags, """
                apiVersion: bulkhead.dev/v1alpha1
                kind: FeatureFlag
                metadata: {name: dark-mode}
                spec:
                  unleash: {feature: %s}
                  enabled: true
                  segmentationRef: {name: tiers}
                  tenants: [acme]
                  segments: [{name: internal, percent: 100}]
                """.formatted(feature));

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(strategyTitles(unleash, feature)).isNotEmpty());
        assertThat(client.resources(FeatureFlag.class).inNamespace(flags).withName("dark-mode").get().getMetadata()
                .getFinalizers()).as("finalizer added under the chart's rules").isNotEmpty();

        client.resources(FeatureFlag.class).inNamespace(flags).withName("dark-mode").delete();

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(client.resources(FeatureFlag.class).inNamespace(flags).withName("dark-mode").get()).isNull());
    }

    @Test
    @Order(4)
    void aRuleTakenOutOfTheChartsRoleStopsTheRolloutWithForbiddenUntilItIsGivenBack(KubernetesClient client) {
        // given: the Role of one watched namespace without rollouts/status
        Role chartRole = client.rbac().roles().inNamespace(denied).withName(FULLNAME).get();
        Role role = client.rbac().roles().inNamespace(denied).withName(FULLNAME).get();
        role.getRules().forEach(rule -> rule.getResources().remove("rollouts/status"));
        role.getRules().removeIf(rule -> rule.getResources().isEmpty());
        client.resource(role).update();
        apply(client, denied, segmentation() + slo("blocked", denied + "-none") + flagRollout("blocked", namespace + "-blocked"));
        OperatorProcess leader = leader(client);

        // then: the operator reports Forbidden for exactly that, and the rollout gets no status
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(leader.log())
                .containsPattern("rollouts.bulkhead.dev \"blocked\" is forbidden: User \"system:serviceaccount:" + namespace
                        + ":" + FULLNAME + "\" cannot update resource \"rollouts/status\" in API group \"bulkhead.dev\" in the "
                        + "namespace \"" + denied + "\""));
        await().atMost(Duration.ofSeconds(30)).until(() -> segmentationReady(client, denied));
        assertThat(status(client, denied, "blocked")).as("no status without rollouts/status").isNull();

        // when: the chart's Role is given back
        chartRole.getMetadata().setResourceVersion(null);
        client.resource(chartRole).update();
        client.resources(Rollout.class).inNamespace(denied).withName("blocked").patch(PatchContext.of(PatchType.JSON_MERGE),
                "{\"metadata\":{\"annotations\":{\"test.bulkhead.dev/rbac-restored\":\"true\"}}}");

        // then
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(status(client, denied, "blocked")).as("status once the rule is back").isNotNull());
    }

    @Test
    @Order(5)
    void theChartsAlertsEvaluateWithoutErrorOnTheOperatorsMetricsAndTheRollbackAlertFires(Prometheus prometheus)
            throws IOException {
        JsonNode rule = installed.get("PrometheusRule", FULLNAME);
        ObjectNode file = JSON.createObjectNode();
        file.set("groups", rule.at("/spec/groups"));
        Path rules = prometheus.configDir().resolve("rules").resolve(FULLNAME + "-" + namespace + ".yml");
        Files.writeString(rules, Rendered.YAML.writeValueAsString(file));
        closing.add(() -> Files.deleteIfExists(rules));
        prometheus.reload();

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            List<JsonNode> loaded = prometheusRules(prometheus);
            assertThat(loaded).extracting(r -> r.path("name").asText()).containsAll(
                    ChartTemplateTest.alertRules(rule).stream().map(r -> r.path("alert").asText()).toList());
            assertThat(loaded).allSatisfy(r -> {
                assertThat(r.path("health").asText()).as("%s: %s", r.path("name").asText(), r.path("lastError").asText())
                        .isEqualTo("ok");
                assertThat(r.path("lastEvaluation").asText()).as("evaluated").doesNotStartWith("0001");
            });
            assertThat(prometheus.query("ALERTS{alertname=\"BulkheadRollbackHappened\", alertstate=\"firing\"}"))
                    .extracting(s -> s.labels().get("segment")).containsExactly("paying");
        });
        assertThat(prometheus.query("ALERTS{alertname=\"BulkheadOperatorDown\"}")).as("the operator is up").isEmpty();
        assertThat(prometheus.query("ALERTS{alertname=\"BulkheadPrometheusUnavailable\"}")).isEmpty();
    }

    @Test
    @Order(6)
    void everyMetricTheDashboardAndTheAlertsUseIsOneTheRunningOperatorExports() throws IOException {
        Set<String> exported = new TreeSet<>();
        for (OperatorProcess replica : replicas) {
            OperatorProcess.Response metrics = replica.get("/q/metrics");
            assertThat(metrics.status()).isEqualTo(200);
            metrics.body().lines().filter(l -> !l.startsWith("#") && !l.isBlank())
                    .map(l -> l.split("[{ ]", 2)[0]).forEach(exported::add);
        }
        JsonNode dashboard = JSON.readTree(HelmCli.CHART.resolve("files/grafana/bulkhead.json").toFile());
        Set<String> dashboardNames = new TreeSet<>();
        dashboard.path("panels").forEach(p -> p.path("targets").forEach(t -> dashboardNames.addAll(PromQl.metricNames(t.path("expr").asText()))));
        dashboard.at("/templating/list").forEach(v -> {
            String query = v.at("/query/query").asText();
            if (query.startsWith("label_values(")) {
                dashboardNames.addAll(PromQl.metricNames(query.substring("label_values(".length(), query.lastIndexOf(','))));
            }
        });
        Set<String> alertNames = new TreeSet<>();
        ChartTemplateTest.alertRules(installed.get("PrometheusRule", FULLNAME))
                .forEach(r -> alertNames.addAll(PromQl.metricNames(r.path("expr").asText())));

        assertThat(dashboardNames).as("metrics the dashboard queries").hasSizeGreaterThan(10).isSubsetOf(exported);
        // `up` is Prometheus' own series for every scrape target: the operator-down alert needs it.
        assertThat(alertNames).as("metrics the alerts query").contains("up")
                .isSubsetOf(union(exported, Set.of("up")));
    }

    @Test
    @Order(7)
    void aDeletedRolloutAndSloLeaveTheOperatorsMetrics(KubernetesClient client) {
        OperatorProcess leader = leader(client);
        double released = gauge(leader, "bulkhead_rollouts", "phase=\"released\"");
        assertThat(leader.get("/q/metrics").body()).contains("slo=\"good\"");

        client.resources(Rollout.class).inNamespace(flags).withName("good").delete();
        client.genericKubernetesResources("bulkhead.dev/v1alpha1", "ServiceLevelObjective").inNamespace(flags).withName("good").delete();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(gauge(leader, "bulkhead_rollouts", "phase=\"released\"")).isEqualTo(released - 1);
            assertThat(leader.get("/q/metrics").body()).doesNotContain("slo=\"good\"").contains("slo=\"bad\"");
        });
    }

    @Test
    @Order(8)
    void whenTheLeaderStopsTheOtherReplicaTakesTheLeaseAndReconciles(KubernetesClient client) {
        OperatorProcess leader = leader(client);
        OperatorProcess standby = replicas.stream().filter(r -> r != leader).findFirst().orElseThrow();

        leader.close();
        apply(client, flags, """
                apiVersion: bulkhead.dev/v1alpha1
                kind: Segmentation
                metadata: {name: after-failover}
                spec:
                  segments: [{name: everyone, tenants: [acme]}]
                """);

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            assertThat(leader(client)).isSameAs(standby);
            Segmentation s = client.resources(Segmentation.class).inNamespace(flags).withName("after-failover").get();
            assertThat(s.getStatus()).as("reconciled by the new leader").isNotNull();
        });
        assertThat(standby.log()).doesNotContainIgnoringCase("forbidden");
    }

    @Test
    @Order(9)
    void helmUpgradeWithReusedValuesChangesOneSettingAndKeepsTheCrdsAndEveryResource(KubernetesClient client) {
        String crdUid = client.apiextensions().v1().customResourceDefinitions().withName("rollouts.bulkhead.dev").get()
                .getMetadata().getUid();
        List<String> rollouts = client.resources(Rollout.class).inNamespace(flags).list().getItems().stream()
                .map(r -> r.getMetadata().getName()).sorted().toList();
        assertThat(installed.env(FULLNAME)).doesNotContainKey("BULKHEAD_SEGMENT_LEASES_MAX_ROLLOUTS_PER_SEGMENT");

        helm("upgrade", RELEASE, HelmCli.CHART.toString(), "--namespace", namespace, "--reuse-values",
                "--set", "segmentLeases.maxRolloutsPerSegment=2");

        Rendered upgraded = new Rendered(helm("get", "manifest", RELEASE, "--namespace", namespace).out());
        assertThat(upgraded.env(FULLNAME).get("BULKHEAD_SEGMENT_LEASES_MAX_ROLLOUTS_PER_SEGMENT").path("value").asText())
                .isEqualTo("2");
        assertThat(upgraded.env(FULLNAME).get("BULKHEAD_PROMETHEUS_URL")).as("reused values")
                .isEqualTo(installed.env(FULLNAME).get("BULKHEAD_PROMETHEUS_URL"));
        Deployment deployment = client.apps().deployments().inNamespace(namespace).withName(FULLNAME).get();
        assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
                .anySatisfy(e -> {
                    assertThat(e.getName()).isEqualTo("BULKHEAD_SEGMENT_LEASES_MAX_ROLLOUTS_PER_SEGMENT");
                    assertThat(e.getValue()).isEqualTo("2");
                });
        assertThat(helm("history", RELEASE, "--namespace", namespace, "--max", "1", "--output", "json").out())
                .contains("\"revision\":2").contains("\"status\":\"deployed\"");
        assertThat(client.apiextensions().v1().customResourceDefinitions().withName("rollouts.bulkhead.dev").get()
                .getMetadata().getUid()).as("Helm leaves the CRDs of crds/ alone on upgrade").isEqualTo(crdUid);
        assertThat(client.resources(Rollout.class).inNamespace(flags).list().getItems())
                .extracting(r -> r.getMetadata().getName()).containsExactlyInAnyOrderElementsOf(rollouts);
        for (String kind : List.of("Role", "RoleBinding", "ServiceAccount", "PrometheusRule", "ValidatingAdmissionPolicy")) {
            assertThat(upgraded.names(kind)).as(kind + " objects after the upgrade").isEqualTo(installed.names(kind));
        }
    }

    // --- helpers ------------------------------------------------------------------------------------------------

    private static HelmCli.Result helm(String... args) {
        List<String> command = new ArrayList<>(List.of(args));
        command.addAll(List.of("--kubeconfig", adminKubeconfig.toString()));
        return HelmCli.run(command).orFail("helm " + String.join(" ", args));
    }



    private static OperatorProcess leader(KubernetesClient client) {
        Lease lease = client.leases().inNamespace(namespace).withName("bulkhead-operator").get();
        assertThat(lease).as("Lease bulkhead-operator in the release namespace").isNotNull();
        String holder = lease.getSpec().getHolderIdentity();
        return replicas.stream().filter(r -> r.name().equals(holder) && r.alive()).findFirst()
                .orElseThrow(() -> new AssertionError("the Lease is held by " + holder + ", no running replica"));
    }








    /**
     * One service's tenant traffic, scraped as {@code job}: every 100 ms each tenant sends 2 requests, on
     * {@code canary} while the Rollout's status shows the tenant's segment exposed, else on {@code stable};
     * exactly floor(n * errorRate) of n fail.
     */
    private static void traffic(KubernetesClient client, Prometheus prometheus, String job, String ns, String rollout,
            String canary, String stable, ScrapedTenantTraffic.ErrorRate errorRate) {
        SegmentExposure exposure = new SegmentExposure(client, ns, rollout, SEGMENTS);
        closing.add(exposure);
        closing.add(ScrapedTenantTraffic.of(job, SEGMENTS.values().stream().flatMap(List::stream).toList()).requestsPerTick(2)
                .exposedWhen(exposure).errorRate(errorRate).versions(canary, stable).exactFailures().scrapedBy(prometheus));
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new TreeSet<>(a);
        all.addAll(b);
        return all;
    }
}
