package dev.bulkhead.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** helm lint and helm template on the chart, without a cluster: what each set of values renders, and refuses. */
class ChartTemplateTest {

    static final String RELEASE = "bk";
    static final String NAMESPACE = "bulkhead-system";
    static final String FULLNAME = "bk-bulkhead";
    static final Path VALUES = Path.of("src/test/resources/values").toAbsolutePath();
    private static final ObjectMapper JSON = new ObjectMapper();

    static Rendered render(String... args) {
        return Rendered.of(HelmCli.template(RELEASE, NAMESPACE, List.of(args)));
    }

    static String values(String name) {
        return VALUES.resolve(name + ".yaml").toString();
    }

    @ParameterizedTest(name = "values: {0}")
    @ValueSource(strings = {"default", "namespaced", "leader-election", "everything"})
    void helmLintIsCleanInStrictMode(String values) {
        List<String> args = new ArrayList<>(List.of("lint", "--strict", HelmCli.CHART.toString()));
        if (!values.equals("default")) {
            args.addAll(List.of("-f", values(values)));
        }
        HelmCli.Result lint = HelmCli.run(args);

        assertThat(lint.exit()).as(lint.out() + lint.err()).isZero();
        assertThat(lint.out()).contains("1 chart(s) linted, 0 chart(s) failed").doesNotContain("[WARNING]", "[ERROR]");
    }

    @Test
    void includeCrdsRendersExactlyTheFilesTheCrdsModuleGenerates() throws IOException {
        Map<String, String> rendered = new TreeMap<>();
        render("--include-crds").sources().forEach((source, text) -> {
            if (source.startsWith("bulkhead/crds/")) {
                rendered.put(source.substring("bulkhead/crds/".length()), text);
            }
        });
        Map<String, String> generated = new TreeMap<>();
        try (Stream<Path> files = Files.list(HelmCli.ROOT.resolve("crds/generated"))) {
            for (Path file : files.toList()) {
                generated.put(file.getFileName().toString(), Files.readString(file));
            }
        }

        assertThat(generated).hasSize(4);
        assertThat(rendered.keySet()).isEqualTo(generated.keySet());
        // helm prints a file as it is, ending in exactly one newline
        rendered.forEach((file, text) -> assertThat(text.strip()).as(file).isEqualTo(generated.get(file).strip()));
        assertThat(render().sources().keySet()).as("without --include-crds").noneMatch(s -> s.startsWith("bulkhead/crds/"));
    }

    @Test
    void theAdmissionPolicyIsTheOneInCrdsPoliciesAndCanBeLeftOut() throws IOException {
        Rendered rendered = render();
        List<JsonNode> expected = Rendered.YAML.readerFor(JsonNode.class).<JsonNode>readValues(
                HelmCli.ROOT.resolve("crds/policies/segments-defined.yaml").toFile()).readAll();

        assertThat(rendered.all("ValidatingAdmissionPolicy")).containsExactly(expected.get(0));
        assertThat(rendered.all("ValidatingAdmissionPolicyBinding")).containsExactly(expected.get(1));
        assertThat(render("--set", "admissionPolicy.enabled=false").all("ValidatingAdmissionPolicy")).isEmpty();
    }

    @Test
    void byDefaultOneClusterRoleGrantsExactlyTheOperatorsRulesAndTheOperatorWatchesEveryNamespace() {
        Rendered rendered = render();

        assertThat(rules(rendered.get("ClusterRole", FULLNAME))).isEqualTo(expected(OperatorPermissions.WATCHED_NAMESPACES));
        JsonNode binding = rendered.get("ClusterRoleBinding", FULLNAME);
        assertThat(binding.at("/roleRef/name").asText()).isEqualTo(FULLNAME);
        assertThat(binding.at("/subjects/0/kind").asText()).isEqualTo("ServiceAccount");
        assertThat(binding.at("/subjects/0/name").asText()).isEqualTo(FULLNAME);
        assertThat(binding.at("/subjects/0/namespace").asText()).isEqualTo(NAMESPACE);
        assertThat(rendered.get("ServiceAccount", FULLNAME).at("/metadata/namespace").asText()).isEqualTo(NAMESPACE);
        assertThat(rendered.all("Role")).isEmpty();
        assertThat(rendered.env(FULLNAME)).doesNotContainKey("BULKHEAD_NAMESPACES");
        assertThat(rendered.env(FULLNAME).get("BULKHEAD_LEADER_ELECTION_ENABLED").path("value").asText()).isEqualTo("false");
    }

    @Test
    void namespacedScopeGrantsTheSameRulesInEachWatchedNamespaceAndNothingClusterWide() {
        Rendered rendered = render("-f", values("namespaced"));

        assertThat(rendered.all("ClusterRole")).isEmpty();
        assertThat(rendered.all("ClusterRoleBinding")).isEmpty();
        assertThat(rendered.all("Role")).extracting(r -> r.at("/metadata/namespace").asText()).containsExactly("team-a", "team-b");
        assertThat(rendered.all("Role")).allSatisfy(role ->
                assertThat(rules(role)).isEqualTo(expected(OperatorPermissions.WATCHED_NAMESPACES)));
        assertThat(rendered.all("RoleBinding")).hasSize(2).allSatisfy(binding -> {
            assertThat(binding.at("/roleRef/kind").asText()).isEqualTo("Role");
            assertThat(binding.at("/subjects/0/name").asText()).isEqualTo(FULLNAME);
            assertThat(binding.at("/subjects/0/namespace").asText()).isEqualTo(NAMESPACE);
        });
        assertThat(rendered.env(FULLNAME).get("BULKHEAD_NAMESPACES").path("value").asText()).isEqualTo("team-a,team-b");
    }

    @Test
    void leaderElectionRunsTwoReplicasWithLeaseRightsInTheReleaseNamespaceOnly() {
        Rendered rendered = render("-f", values("leader-election"));

        assertThat(rendered.get("Deployment", FULLNAME).at("/spec/replicas").asInt()).isEqualTo(2);
        Map<String, JsonNode> env = rendered.env(FULLNAME);
        assertThat(env.get("BULKHEAD_LEADER_ELECTION_ENABLED").path("value").asText()).isEqualTo("true");
        assertThat(env.get("BULKHEAD_LEADER_ELECTION_LEASE_NAME").path("value").asText()).isEqualTo("bulkhead-operator");
        assertThat(env.get("BULKHEAD_LEADER_ELECTION_LEASE_NAMESPACE").at("/valueFrom/fieldRef/fieldPath").asText())
                .isEqualTo("metadata.namespace");
        JsonNode role = rendered.get("Role", FULLNAME + "-leader-election");
        assertThat(role.at("/metadata/namespace").asText()).isEqualTo(NAMESPACE);
        assertThat(rules(role)).isEqualTo(expected(OperatorPermissions.LEADER_ELECTION));
        assertThat(rules(rendered.get("ClusterRole", FULLNAME))).as("no Lease rights cluster-wide")
                .doesNotContainKey("coordination.k8s.io/leases");
    }

    @Test
    void unleashAccessIsUnsetByDefaultAndPassedToTheOperatorAsOneCommaSeparatedRuleList() {
        assertThat(render("--set", "unleash.url=http://unleash:4242", "--set", "unleash.adminTokenSecret.name=u")
                .env(FULLNAME)).doesNotContainKey("BULKHEAD_UNLEASH_ACCESS");

        Map<String, JsonNode> env = render("--set", "unleash.url=http://unleash:4242", "--set",
                "unleash.adminTokenSecret.name=u", "--set", "unleash.access={team-a=payments/production,team-b=search}")
                .env(FULLNAME);

        assertThat(env.get("BULKHEAD_UNLEASH_ACCESS").path("value").asText())
                .isEqualTo("team-a=payments/production,team-b=search");
    }

    @Test
    void segmentLeasesAreUnlimitedByDefaultAndPassedToTheOperatorWhenSet() {
        assertThat(render().env(FULLNAME)).doesNotContainKey("BULKHEAD_SEGMENT_LEASES_MAX_ROLLOUTS_PER_SEGMENT");

        Map<String, JsonNode> env = render("--set", "segmentLeases.maxRolloutsPerSegment=1", "--set",
                "segmentLeases.scope=cluster").env(FULLNAME);

        assertThat(env.get("BULKHEAD_SEGMENT_LEASES_MAX_ROLLOUTS_PER_SEGMENT").path("value").asText()).isEqualTo("1");
        assertThat(env.get("BULKHEAD_SEGMENT_LEASES_SCOPE").path("value").asText()).isEqualTo("cluster");
    }

    @Test
    void theDashboardIsOffByDefaultAndWhenOnMayOnlyReviewTokensAndAccess() {
        Rendered off = render();
        assertThat(off.env(FULLNAME).get("BULKHEAD_DASHBOARD_ENABLED").path("value").asText()).isEqualTo("false");
        assertThat(off.find("ClusterRole", FULLNAME + "-dashboard-reviews")).isEmpty();

        Rendered on = render("--set", "dashboard.enabled=true", "--set", "scope=namespaced", "--set", "watchNamespaces={shop}");

        assertThat(on.env(FULLNAME).get("BULKHEAD_DASHBOARD_ENABLED").path("value").asText()).isEqualTo("true");
        assertThat(on.env(FULLNAME).get("BULKHEAD_DASHBOARD_ANONYMOUS_READ").path("value").asText()).isEqualTo("false");
        assertThat(rules(on.get("ClusterRole", FULLNAME + "-dashboard-reviews"))).as("the reviews are cluster-scoped")
                .isEqualTo(Map.of("authentication.k8s.io/tokenreviews", Set.of("create"),
                        "authorization.k8s.io/subjectaccessreviews", Set.of("create")));
        assertThat(on.get("ClusterRoleBinding", FULLNAME + "-dashboard-reviews").at("/subjects/0/name").asText())
                .isEqualTo(FULLNAME);
        assertThat(on.env(FULLNAME)).as("any token the API server accepts, by default").doesNotContainKey("BULKHEAD_DASHBOARD_TOKEN_AUDIENCES");
        assertThat(render("--set", "dashboard.enabled=true", "--set", "dashboard.tokenAudiences={bulkhead-dashboard,ops}")
                .env(FULLNAME).get("BULKHEAD_DASHBOARD_TOKEN_AUDIENCES").path("value").asText()).isEqualTo("bulkhead-dashboard,ops");
    }

    @Test
    void theOperatorRunsAsNonRootOnAReadOnlyRootFilesystemWithoutPrivilegesAndIsProbedOnQuarkusHealth() {
        Rendered rendered = render();
        JsonNode pod = rendered.get("Deployment", FULLNAME).at("/spec/template/spec");
        JsonNode container = rendered.operatorContainer(FULLNAME);

        assertThat(pod.at("/serviceAccountName").asText()).isEqualTo(FULLNAME);
        assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
        assertThat(pod.at("/securityContext/seccompProfile/type").asText()).isEqualTo("RuntimeDefault");
        JsonNode security = container.path("securityContext");
        assertThat(security.path("runAsNonRoot").asBoolean()).isTrue();
        assertThat(security.path("readOnlyRootFilesystem").asBoolean()).isTrue();
        assertThat(security.path("allowPrivilegeEscalation").isBoolean()).isTrue();
        assertThat(security.path("allowPrivilegeEscalation").asBoolean()).isFalse();
        assertThat(security.at("/capabilities/drop")).containsExactly(JSON.getNodeFactory().textNode("ALL"));
        assertThat(security.at("/seccompProfile/type").asText()).isEqualTo("RuntimeDefault");
        assertThat(container.at("/volumeMounts/0/mountPath").asText()).isEqualTo("/tmp");
        assertThat(pod.at("/volumes/0/name").asText()).isEqualTo(container.at("/volumeMounts/0/name").asText());
        assertThat(pod.at("/volumes/0/emptyDir").isObject()).isTrue();

        assertThat(container.at("/ports/0/containerPort").asInt()).isEqualTo(8080);
        assertThat(container.at("/ports/0/name").asText()).isEqualTo("http");
        assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/q/health/live");
        assertThat(container.at("/livenessProbe/httpGet/port").asText()).isEqualTo("http");
        assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/q/health/ready");
        assertThat(rendered.env(FULLNAME).get("BULKHEAD_HTTP_PORT").path("value").asText()).isEqualTo("8080");
        assertThat(container.at("/resources/requests/memory").asText()).isNotEmpty();
        assertThat(container.at("/resources/limits/memory").asText()).isNotEmpty();
        assertThat(container.path("image").asText()).isEqualTo("bulkhead/operator:0.1.0");
        assertThat(render("--set", "image.repository=registry.example/bulkhead", "--set", "image.tag=abc123")
                .operatorContainer(FULLNAME).path("image").asText()).isEqualTo("registry.example/bulkhead:abc123");
        JsonNode service = rendered.get("Service", FULLNAME);
        assertThat(service.at("/spec/ports/0/targetPort").asText()).isEqualTo("http");
        assertThat(labels(rendered.get("Deployment", FULLNAME).at("/spec/template/metadata/labels")))
                .containsAllEntriesOf(labels(service.at("/spec/selector")));
    }

    @Test
    void credentialsReachTheOperatorOnlyAsSecretKeyRefsAndExtraEnvIsAppended() {
        Map<String, JsonNode> env = render("-f", values("everything")).env(FULLNAME);

        assertThat(env.get("BULKHEAD_UNLEASH_URL").path("value").asText()).isEqualTo("https://unleash.example.internal");
        assertThat(env.get("BULKHEAD_PROMETHEUS_URL").path("value").asText()).isEqualTo("https://prometheus.example.internal");
        assertSecret(env.get("BULKHEAD_UNLEASH_ADMIN_TOKEN"), "unleash-admin", "token");
        assertSecret(env.get("BULKHEAD_PROMETHEUS_BEARER_TOKEN"), "prometheus-token", "token");
        assertSecret(env.get("BULKHEAD_NOTIFICATIONS_WEBHOOK_URL"), "chat-webhook", "url");
        assertThat(env).doesNotContainKeys("BULKHEAD_PROMETHEUS_USERNAME", "BULKHEAD_PROMETHEUS_PASSWORD");
        assertThat(env.get("QUARKUS_LOG_LEVEL").path("value").asText()).isEqualTo("DEBUG");

        Map<String, JsonNode> basic = render("--set", "prometheus.basicAuthSecret.name=prom-basic").env(FULLNAME);
        assertSecret(basic.get("BULKHEAD_PROMETHEUS_USERNAME"), "prom-basic", "username");
        assertSecret(basic.get("BULKHEAD_PROMETHEUS_PASSWORD"), "prom-basic", "password");
        assertThat(render().env(FULLNAME)).as("no Unleash unless configured")
                .doesNotContainKeys("BULKHEAD_UNLEASH_URL", "BULKHEAD_UNLEASH_ADMIN_TOKEN", "BULKHEAD_NOTIFICATIONS_WEBHOOK_URL");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
        "scope=namespaced | watchNamespaces: scope is namespaced but no namespace is listed",
        "watchNamespaces={team-a} | watchNamespaces: [team-a] is only used with scope=namespaced",
        "scope=everywhere | at '/scope': value must be one of 'cluster', 'namespaced'",
        "watchNamespace=team-a | additional properties 'watchNamespace' not allowed",
        "replicas=two | at '/replicas': got string, want integer",
        "scope=namespaced,watchNamespaces={Team_A} | watchNamespaces: \"Team_A\" is not a namespace name",
        "scope=namespaced,watchNamespaces={a,a} | watchNamespaces: [a a] lists a namespace twice",
        "replicas=2 | replicas: 2 replicas without leaderElection.enabled would reconcile the same resources at once",
        "unleash.url=http://unleash:4242 | unleash.adminTokenSecret.name: unleash.url is set",
        "unleash.adminTokenSecret.name=u | unleash.url: unleash.adminTokenSecret is set but unleash.url is empty",
        "prometheus.bearerTokenSecret.name=a,prometheus.basicAuthSecret.name=b | prometheus: set bearerTokenSecret or basicAuthSecret, not both",
        "tenantMatching=regex | at '/tenantMatching': value must be one of 'exact-only', 'regex-when-needed'",
        "serviceAccount.create=false | serviceAccount.name: name the ServiceAccount to run as"})
    void badValuesStopTheRenderWithAMessageNamingTheValue(String set, String message) {
        HelmCli.Result result = HelmCli.template(RELEASE, NAMESPACE, List.of("--set", set));

        assertThat(result.exit()).as(result.out()).isNotZero();
        assertThat(result.err()).contains(message);
    }

    @Test
    void monitoringObjectsAreOffByDefaultAndWhenOnSelectTheOperatorsMetricsAndLinkTheRunbooks() {
        Rendered off = render();
        assertThat(off.all("ServiceMonitor")).isEmpty();
        assertThat(off.all("PrometheusRule")).isEmpty();

        Rendered on = render("-f", values("everything"));
        JsonNode monitor = on.get("ServiceMonitor", FULLNAME);
        assertThat(labels(on.get("Service", FULLNAME).at("/metadata/labels")))
                .containsAllEntriesOf(labels(monitor.at("/spec/selector/matchLabels")));
        assertThat(monitor.at("/spec/endpoints/0/port").asText()).isEqualTo("http");
        assertThat(monitor.at("/spec/endpoints/0/path").asText()).isEqualTo("/q/metrics");
        assertThat(monitor.at("/metadata/labels/release").asText()).isEqualTo("prometheus");

        List<JsonNode> alerts = alertRules(on.get("PrometheusRule", FULLNAME));
        Set<String> names = alerts.stream().map(a -> a.path("alert").asText()).collect(Collectors.toCollection(TreeSet::new));
        assertThat(names)
                .containsExactly("BulkheadAnalysisFailing", "BulkheadOperatorDown", "BulkheadPrometheusUnavailable",
                        "BulkheadRollbackHappened", "BulkheadRolloutStuck", "BulkheadSegmentBudgetBurningFast",
                        "BulkheadSegmentFrozen", "BulkheadUnleashUnavailable");
        assertThat(alerts).allSatisfy(alert -> {
            assertThat(alert.at("/labels/severity").asText()).isIn("info", "warning", "critical");
            assertThat(alert.at("/annotations/summary").asText()).isNotBlank();
            assertThat(alert.at("/annotations/runbook_url").asText()).startsWith("https://runbooks.example.internal/bulkhead#");
            assertThat(alert.at("/annotations/runbook_url").asText().replaceFirst(".*#", ""))
                    .as("a section of docs/runbooks.md").isIn(runbookSections());
        });
        assertThat(alertRules(render("--set", "prometheusRule.enabled=true").get("PrometheusRule", FULLNAME)))
                .extracting(a -> a.at("/annotations/runbook_url").asText())
                .contains("docs/runbooks.md#rollback-happened", "docs/runbooks.md#frozen-segment",
                        "docs/runbooks.md#stuck-rollout", "docs/runbooks.md#prometheus-or-unleash-down",
                        "docs/runbooks.md#analysis-failing", "docs/runbooks.md#operator-down");
    }

    /** The anchors of docs/runbooks.md's sections, as GitHub renders them. */
    private static Set<String> runbookSections() {
        try {
            return Files.readAllLines(Path.of("../docs/runbooks.md")).stream().filter(l -> l.startsWith("## "))
                    .map(l -> l.substring(3).strip().toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9 -]", "")
                            .replace(' ', '-'))
                    .collect(Collectors.toCollection(TreeSet::new));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void theGrafanaDashboardShipsAsAConfigMapForTheSidecarAndEveryPanelUsesTheDatasourceVariable() throws IOException {
        JsonNode configMap = render().get("ConfigMap", FULLNAME + "-dashboard");
        JsonNode dashboard = JSON.readTree(configMap.at("/data/bulkhead.json").asText());

        assertThat(configMap.at("/metadata/labels/grafana_dashboard").asText()).isEqualTo("1");
        assertThat(dashboard).isEqualTo(JSON.readTree(HelmCli.CHART.resolve("files/grafana/bulkhead.json").toFile()));
        List<JsonNode> panels = StreamSupport.stream(dashboard.path("panels").spliterator(), false)
                .filter(p -> !"row".equals(p.path("type").asText())).toList();
        assertThat(panels).isNotEmpty().allSatisfy(panel -> {
            assertThat(panel.at("/datasource/uid").asText()).as(panel.path("title").asText()).isEqualTo("${datasource}");
            assertThat(panel.path("targets")).isNotEmpty();
        });
        assertThat(render("--set", "grafanaDashboard.namespace=monitoring").get("ConfigMap", FULLNAME + "-dashboard")
                .at("/metadata/namespace").asText()).isEqualTo("monitoring");
    }

    static List<JsonNode> alertRules(JsonNode prometheusRule) {
        List<JsonNode> rules = new ArrayList<>();
        prometheusRule.at("/spec/groups").forEach(g -> g.path("rules").forEach(rules::add));
        return rules;
    }

    private static void assertSecret(JsonNode entry, String secret, String key) {
        assertThat(entry).as("env entry").isNotNull();
        assertThat(entry.has("value")).as("no literal value").isFalse();
        assertThat(entry.at("/valueFrom/secretKeyRef/name").asText()).isEqualTo(secret);
        assertThat(entry.at("/valueFrom/secretKeyRef/key").asText()).isEqualTo(key);
    }

    private static Map<String, String> labels(JsonNode node) {
        Map<String, String> labels = new TreeMap<>();
        node.fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        return labels;
    }

    /** A Role's or ClusterRole's rules as "group/resource" → verbs; a resource listed twice fails. */
    static Map<String, Set<String>> rules(JsonNode role) {
        Map<String, Set<String>> rules = new TreeMap<>();
        for (JsonNode rule : role.path("rules")) {
            for (JsonNode group : rule.path("apiGroups")) {
                for (JsonNode resource : rule.path("resources")) {
                    Set<String> verbs = new TreeSet<>();
                    rule.path("verbs").forEach(v -> verbs.add(v.asText()));
                    Set<String> previous = rules.put(group.asText() + "/" + resource.asText(), verbs);
                    assertThat(previous).as("%s/%s in one rule only", group.asText(), resource.asText()).isNull();
                }
            }
        }
        return rules;
    }

    static Map<String, Set<String>> expected(List<OperatorPermissions.Rule> rules) {
        Map<String, Set<String>> expected = new TreeMap<>();
        rules.forEach(r -> expected.put(r.group() + "/" + r.resource(), new TreeSet<>(r.verbs())));
        return expected;
    }
}
