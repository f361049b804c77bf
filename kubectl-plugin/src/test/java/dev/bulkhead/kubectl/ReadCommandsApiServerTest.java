package dev.bulkhead.kubectl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulkhead.api.v1alpha1.Rollout;
import dev.bulkhead.kubectl.Cli.Run;
import dev.bulkhead.kubectl.Cli.Running;
import dev.bulkhead.testbed.TestNamespace;
import dev.bulkhead.testbed.TestbedExtension;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * get, status (once and --watch) and impact against the testbed's real kube-apiserver, on Rollouts whose status is
 * the playground's captured rollback and a route release in progress.
 */
@ExtendWith(TestbedExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReadCommandsApiServerTest {

    private KubernetesClient client;
    private String ns;
    private Path dir;
    private String kubeconfig;

    @BeforeAll
    void fixtures(KubernetesClient client, TestNamespace namespace) throws Exception {
        this.client = client;
        this.ns = namespace.name();
        ClusterFixtures.installCrds(client);
        ClusterFixtures.tiers(client, ns);
        ClusterFixtures.create(client, ns, Fixtures.rolledBack(), "new-checkout", Map.of());
        ClusterFixtures.create(client, ns, Fixtures.progressing(), "checkout", Fixtures.progressing().getMetadata().getAnnotations());
        dir = Files.createTempDirectory("kubectl-bulkhead-read");
        kubeconfig = TestKubeconfig.forCluster(client.getConfiguration(), ns, "kube-public", dir).toString();
    }

    @AfterAll
    void cleanUp() throws Exception {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private Run cli(String... args) {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--kubeconfig";
        all[args.length + 1] = kubeconfig;
        return Cli.run(all);
    }

    @Test
    void getListsTheRolloutsOfTheCurrentContextsNamespace() {
        Run run = cli("get");
        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(run.out()).containsPattern("\\ANAME\\s+PHASE\\s+SEGMENT\\s+EXPOSURE\\s+AGE\n")
                .containsPattern("(?m)^checkout\\s+Progressing\\s+free\\s+free 25% \\(3/10 tenants\\)\\s+\\d+[smh]\\S*$")
                .containsPattern("(?m)^new-checkout\\s+RolledBack\\s+paying\\s+paying 0% \\(0/12 tenants\\)\\s+\\d+[smh]\\S*$");
    }

    @Test
    void anotherContextUsesItsOwnNamespace() {
        Run run = cli("get", "--context", "elsewhere");
        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo("No rollouts found in namespace kube-public.\n");
    }

    @Test
    void allNamespacesAddsTheNamespaceColumn() {
        Run run = cli("get", "-A");
        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(run.out()).startsWith("NAMESPACE").containsPattern("(?m)^" + ns + "\\s+checkout\\s+Progressing");
    }

    @Test
    void statusShowsTheTreeAndExitsFiveForARolledBackRollout() {
        Run run = cli("status", "new-checkout");
        assertThat(run.exit()).as(run.toString()).isEqualTo(ExitCodes.ROLLOUT_FAILED);
        assertThat(run.out()).startsWith("Rollout " + ns + "/new-checkout: RolledBack\n")
                .contains("│   ├── step 0  25%  bake 10s  rolled back here\n")
                .contains("│       ├── stark      18 bad of 52 requests, 17.8 more than stable's rate predicts\n");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void getOfOneRolloutShowsTheSameTreeButExitsZeroWhateverItsPhase() {
        Run get = cli("get", "new-checkout");
        assertThat(get.exit()).as(get.toString()).isZero();
        assertThat(get.out()).startsWith("Rollout " + ns + "/new-checkout: RolledBack\n");
        Run progressing = cli("status", "checkout", "-n", ns);
        assertThat(progressing.exit()).as(progressing.toString()).isZero();
        assertThat(progressing.out()).contains("pending action: pause by jane@example.com");
    }

    @Test
    void jsonAndYamlPrintTheRolloutAsStoredWithoutManagedFields() throws Exception {
        Run json = cli("status", "checkout", "-o", "json");
        assertThat(json.exit()).as(json.toString()).isZero();
        JsonNode tree = new ObjectMapper().readTree(json.out());
        assertThat(tree.path("kind").asText()).isEqualTo("Rollout");
        assertThat(tree.path("metadata").path("namespace").asText()).isEqualTo(ns);
        assertThat(tree.path("metadata").has("managedFields")).isFalse();
        assertThat(tree.path("status").path("phase").asText()).isEqualTo("Progressing");
        assertThat(tree.path("status").path("engine").path("state").path("frozenSegments").get(0).asText()).isEqualTo("paying");

        Run yaml = cli("get", "new-checkout", "-o", "yaml");
        assertThat(yaml.exit()).as(yaml.toString()).isZero();
        Rollout read = Serialization.unmarshal(yaml.out(), Rollout.class);
        assertThat(read.getStatus().segments().get(2).impactedTenants()).hasSize(4);

        Run list = cli("get", "-o", "json");
        assertThat(list.exit()).as(list.toString()).isZero();
        JsonNode items = new ObjectMapper().readTree(list.out());
        assertThat(items.path("kind").asText()).isEqualTo("List");
        assertThat(items.path("items")).extracting(i -> i.path("metadata").path("name").asText())
                .contains("checkout", "new-checkout");
    }

    @Test
    void aMissingRolloutExitsThreeNamingItAndItsNamespace() {
        Run run = cli("status", "nope");
        assertThat(run.exit()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(run.err()).isEqualTo("error: rollout \"nope\" not found in namespace \"" + ns + "\"\n");
        Run elsewhere = cli("impact", "checkout", "-n", "kube-public");
        assertThat(elsewhere.exit()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(elsewhere.err()).isEqualTo("error: rollout \"checkout\" not found in namespace \"kube-public\"\n");
    }

    @Test
    void aUserWithoutRbacGetsFourWithKubernetesOwnMessage() {
        Run status = cli("status", "checkout", "--as", ClusterFixtures.NOBODY);
        assertThat(status.exit()).as(status.toString()).isEqualTo(ExitCodes.FORBIDDEN);
        assertThat(status.err()).isEqualTo("error: forbidden: cannot get rollout \"checkout\" in namespace \"" + ns + "\": "
                + "rollouts.bulkhead.dev \"checkout\" is forbidden: User \"" + ClusterFixtures.NOBODY + "\" cannot get "
                + "resource \"rollouts\" in API group \"bulkhead.dev\" in the namespace \"" + ns + "\"\n");
        Run list = cli("get", "--as", ClusterFixtures.NOBODY);
        assertThat(list.exit()).isEqualTo(ExitCodes.FORBIDDEN);
        assertThat(list.err()).contains("cannot list resource \"rollouts\" in API group \"bulkhead.dev\"");
    }

    @Test
    void watchPrintsEveryChangeUntilThePhaseIsReached() throws Exception {
        Rollout watched = ClusterFixtures.create(client, ns, Fixtures.progressing(), "watched", Map.of());
        Running run = Cli.start("status", "watched", "--watch", "--until-phase", "Released", "--timeout", "60s",
                "--kubeconfig", kubeconfig);
        await().atMost(Duration.ofSeconds(20)).until(() -> run.out().contains("Rollout " + ns + "/watched: Progressing"));

        var status = watched.getStatus();
        ClusterFixtures.writeStatus(client, watched, new dev.bulkhead.api.v1alpha1.RolloutStatus(status.observedGeneration(),
                "Paused", status.conditions(), status.stableRevision(), status.canaryRevision(), status.currentSegment(),
                status.currentStep(), status.exposure(), status.segments(), status.impact(), status.history(), status.engine()));
        await().atMost(Duration.ofSeconds(20)).until(() -> run.out().contains("Rollout " + ns + "/watched: Paused"));
        assertThat(run.out()).as("still watching").doesNotContain("watched: Released");

        ClusterFixtures.writeStatus(client, watched, new dev.bulkhead.api.v1alpha1.RolloutStatus(status.observedGeneration(),
                "Released", status.conditions(), status.stableRevision(), status.canaryRevision(), null, null, "everyone",
                status.segments(), status.impact(), status.history(), status.engine()));
        Run done = run.finish(Duration.ofSeconds(20));
        assertThat(done.exit()).as(done.toString()).isZero();
        assertThat(done.out()).containsSubsequence(": Progressing\n", "\n\nRollout " + ns + "/watched: Paused\n",
                "\n\nRollout " + ns + "/watched: Released\n");
        assertThat(done.out().split("Rollout " + ns + "/watched: ", -1)).as("one rendering per version, none repeated").hasSize(4);
    }

    @Test
    void watchStopsWithFiveWhenTheRolloutRollsBackInsteadOfReachingThePhase() throws Exception {
        Rollout watched = ClusterFixtures.create(client, ns, Fixtures.progressing(), "doomed", Map.of());
        Running run = Cli.start("get", "doomed", "--until-phase", "released", "--kubeconfig", kubeconfig);
        await().atMost(Duration.ofSeconds(20)).until(() -> run.out().contains(": Progressing"));
        ClusterFixtures.writeStatus(client, watched, Fixtures.rolledBack().getStatus());
        Run done = run.finish(Duration.ofSeconds(20));
        assertThat(done.exit()).as(done.toString()).isEqualTo(ExitCodes.ROLLOUT_FAILED);
        assertThat(done.err()).startsWith("error: rollout \"doomed\" in namespace \"" + ns + "\" is RolledBack and will not "
                + "reach Released without a human: SegmentRolledBack: segment 'paying' failed its analysis");
    }

    @Test
    void watchTimesOutWithSixWhenThePhaseIsNotReached() {
        Run run = cli("status", "checkout", "--until-phase", "Released", "--timeout", "1s");
        assertThat(run.exit()).as(run.toString()).isEqualTo(ExitCodes.TIMEOUT);
        assertThat(run.out()).startsWith("Rollout " + ns + "/checkout: Progressing");
        assertThat(run.err()).isEqualTo("error: rollout \"checkout\" in namespace \"" + ns + "\" did not reach phase Released "
                + "within 1s; it is Progressing\n");
    }

    @Test
    void impactListsEveryTenantAsTableCsvAndJson() throws Exception {
        Run table = cli("impact", "checkout");
        assertThat(table.exit()).as(table.toString()).isZero();
        assertThat(table.out().lines().toList()).containsExactly(
                "TENANT    SEGMENT    REQUESTS   BAD   BAD%   EXCESS   CULPRIT",
                "free-03   free       240        2     0.8%   -        no",
                "staff     internal   1500       1     0.1%   -        no",
                "qa-bot    internal   900        0     0.0%   -        no",
                "free-07   free       250        0     0.0%   -        no",
                "free-01   free       120        0     0.0%   -        no",
                "5 tenants exposed to revision 7d9f8c6b5, 2 saw errors; 3 bad of 3010 requests (0.1%).");

        Run csv = cli("impact", "new-checkout", "-o", "csv", "--segment", "paying");
        assertThat(csv.out()).isEqualTo("tenant,segment,requests,bad_requests,excess_bad_requests,culprit\r\n"
                + "stark,paying,52,18,17.8,true\r\nwayne,paying,13,7,6.5,true\r\numbrella,paying,33,5,5.2,true\r\n"
                + "cyberdyne,paying,25,4,3.9,true\r\n");

        Run json = cli("impact", "new-checkout", "-o", "json");
        JsonNode report = new ObjectMapper().readTree(json.out());
        assertThat(report.path("namespace").asText()).isEqualTo(ns);
        assertThat(report.path("tenantsAffected").asLong()).isEqualTo(4);
        assertThat(report.path("tenants").get(0).path("tenant").asText()).isEqualTo("stark");
    }

    @Test
    void impactOfASegmentTheRolloutDoesNotHaveExitsThree() {
        Run run = cli("impact", "checkout", "--segment", "gold");
        assertThat(run.exit()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(run.err()).isEqualTo("error: segment \"gold\" is not a segment of rollout " + ns + "/checkout (its segments: "
                + "internal, free, paying, enterprise)\n");
    }
}
