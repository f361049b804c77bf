package dev.bulkhead.kubectl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bulkhead.api.v1alpha1.HistoryEntry;
import dev.bulkhead.api.v1alpha1.Rollout;
import dev.bulkhead.api.v1alpha1.RolloutStatus;
import dev.bulkhead.engine.RolloutReasons;
import dev.bulkhead.kubectl.Cli.Run;
import dev.bulkhead.kubectl.Cli.Running;
import dev.bulkhead.testbed.TestNamespace;
import dev.bulkhead.testbed.TestbedExtension;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.authentication.SelfSubjectReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The manual actions and the freeze override against the testbed's real kube-apiserver: the annotations really
 * written (or, when refused, really not), the caller's identity as the API server reports it, and --wait against a
 * test that does what the operator does with the annotation.
 */
@ExtendWith(TestbedExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ActionsApiServerTest {

    private KubernetesClient client;
    private String ns;
    private String kubeconfig;

    @BeforeAll
    void fixtures(KubernetesClient client, TestNamespace namespace) throws Exception {
        this.client = client;
        this.ns = namespace.name();
        ClusterFixtures.installCrds(client);
        ClusterFixtures.tiers(client, ns);
        ClusterFixtures.rbac(client, ns);
        Path dir = Files.createTempDirectory("kubectl-bulkhead-actions");
        dir.toFile().deleteOnExit();
        kubeconfig = TestKubeconfig.forCluster(client.getConfiguration(), ns, "default", dir).toString();
        dir.resolve("kubeconfig").toFile().deleteOnExit();
        // RBAC reaches the authorizer's cache a moment after the bindings are created.
        ClusterFixtures.create(client, ns, Fixtures.progressing(), "rbac-probe", Map.of());
        await().atMost(Duration.ofSeconds(20)).until(() -> cli("get", "rbac-probe", "--as", ClusterFixtures.ONCALL).exit() == 0
                && cli("get", "rbac-probe", "--as", ClusterFixtures.READER).exit() == 0);
    }

    private Run cli(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--kubeconfig", kubeconfig));
        return Cli.run(all.toArray(String[]::new));
    }

    private Rollout rollout(String name) {
        return ClusterFixtures.create(client, ns, Fixtures.progressing(), name, Map.of());
    }

    private Map<String, String> annotations(String name) {
        Map<String, String> annotations = ClusterFixtures.get(client, ns, name).getMetadata().getAnnotations();
        return annotations == null ? Map.of() : annotations;
    }

    @Test
    void pauseSetsTheActionAndTheCallerTheApiServerAuthenticated() {
        rollout("to-pause");
        String whoTheApiServerSays = client.authentication().v1().selfSubjectReviews()
                .create(new SelfSubjectReviewBuilder().build()).getStatus().getUserInfo().getUsername();
        assertThat(whoTheApiServerSays).as("the kubeconfig's user entry is named differently").isNotEqualTo(TestKubeconfig.USER);

        Run run = cli("pause", "to-pause");

        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(annotations("to-pause")).containsEntry(Annotations.ACTION, "pause")
                .containsEntry(Annotations.ACTOR, whoTheApiServerSays);
        assertThat(run.out()).startsWith("rollout " + ns + "/to-pause: asked the operator to pause (bulkhead.dev/action=pause, "
                + "bulkhead.dev/actor=" + whoTheApiServerSays + ")\n");
    }

    @ParameterizedTest
    @CsvSource({"promote,,promote", "promote,--full,promote-full", "resume,,resume", "abort,,abort", "retry,,retry"})
    void eachActionWritesItsAnnotationValueAsTheImpersonatedUser(String command, String flag, String value) {
        String name = "action-" + value;
        rollout(name);
        List<String> args = new ArrayList<>(List.of(command, name, "--as", ClusterFixtures.ONCALL));
        if (flag != null) {
            args.add(flag);
        }
        Run run = cli(args.toArray(String[]::new));
        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(annotations(name)).containsEntry(Annotations.ACTION, value)
                .containsEntry(Annotations.ACTOR, ClusterFixtures.ONCALL);
    }

    @Test
    void anActionTheOperatorHasNotAppliedYetIsNeverReplaced() {
        ClusterFixtures.create(client, ns, Fixtures.progressing(), "pending",
                Map.of(Annotations.ACTION, "pause", Annotations.ACTOR, "bob"));

        Run run = cli("abort", "pending");

        assertThat(run.exit()).isEqualTo(ExitCodes.ERROR);
        assertThat(run.err()).startsWith("error: rollout " + ns + "/pending already has bulkhead.dev/action=pause (asked by bob) "
                + "that the operator has not applied yet; nothing was changed.");
        assertThat(annotations("pending")).containsEntry(Annotations.ACTION, "pause").containsEntry(Annotations.ACTOR, "bob");
    }

    @Test
    void aUserWhoMayOnlyReadGetsFourAndNothingIsWritten() {
        rollout("read-only");
        Run run = cli("abort", "read-only", "--as", ClusterFixtures.READER);
        assertThat(run.exit()).as(run.toString()).isEqualTo(ExitCodes.FORBIDDEN);
        assertThat(run.err()).startsWith("error: forbidden: cannot patch the annotations of rollout \"read-only\" in namespace \""
                + ns + "\": rollouts.bulkhead.dev \"read-only\" is forbidden: User \"" + ClusterFixtures.READER
                + "\" cannot patch resource \"rollouts\" in API group \"bulkhead.dev\"");
        assertThat(annotations("read-only")).doesNotContainKeys(Annotations.ACTION, Annotations.ACTOR);
    }

    @Test
    void anActionOnAMissingRolloutExitsThree() {
        Run run = cli("resume", "ghost");
        assertThat(run.exit()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(run.err()).isEqualTo("error: rollout \"ghost\" not found in namespace \"" + ns + "\"\n");
    }

    @Test
    void waitReportsThePhaseTheOperatorMovedTo() throws Exception {
        Rollout rollout = rollout("wait-pause");
        Running run = Cli.start("pause", "wait-pause", "--wait", "--timeout", "60s", "--as", ClusterFixtures.ONCALL,
                "--kubeconfig", kubeconfig);
        await().atMost(Duration.ofSeconds(20)).until(() -> annotations("wait-pause").containsKey(Annotations.ACTION));

        // What the operator does: apply, remove the one-shot annotation, then write the status.
        client.resources(Rollout.class).inNamespace(ns).withName("wait-pause").edit(r -> {
            r.getMetadata().getAnnotations().remove(Annotations.ACTION);
            return r;
        });
        RolloutStatus s = rollout.getStatus();
        List<HistoryEntry> history = new ArrayList<>(s.history());
        history.add(new HistoryEntry(Instant.now().toString(), "Paused", null, "PausedByUser", ClusterFixtures.ONCALL + " paused",
                ClusterFixtures.ONCALL));
        ClusterFixtures.writeStatus(client, rollout, new RolloutStatus(s.observedGeneration(), "Paused", s.conditions(),
                s.stableRevision(), s.canaryRevision(), s.currentSegment(), s.currentStep(), s.exposure(), s.segments(),
                s.impact(), history, s.engine()));

        Run done = run.finish(Duration.ofSeconds(30));
        assertThat(done.exit()).as(done.toString()).isZero();
        assertThat(done.out()).endsWith("Applied by the operator: phase Progressing -> Paused (PausedByUser: "
                + ClusterFixtures.ONCALL + " paused)\n");
    }

    @Test
    void waitReportsTheOperatorsRefusalAndExitsOne() throws Exception {
        Rollout rollout = rollout("wait-retry");
        Running run = Cli.start("retry", "wait-retry", "--wait", "--timeout", "60s", "--kubeconfig", kubeconfig);
        await().atMost(Duration.ofSeconds(20)).until(() -> annotations("wait-retry").containsKey(Annotations.ACTION));

        // What the operator does with an action that does not apply: an Event, and the annotation removed.
        String now = Instant.now().toString();
        client.v1().events().inNamespace(ns).resource(new EventBuilder().withNewMetadata().withName("wait-retry.refused")
                .endMetadata().withNewInvolvedObject().withApiVersion("bulkhead.dev/v1alpha1").withKind("Rollout")
                .withName("wait-retry").withNamespace(ns).withUid(rollout.getMetadata().getUid()).endInvolvedObject()
                .withType("Normal").withReason(RolloutReasons.COMMAND_NOT_APPLICABLE)
                .withMessage("retry ignored: only a rolled-back or failed release can be retried")
                .withFirstTimestamp(now).withLastTimestamp(now).withCount(1).build()).create();
        client.resources(Rollout.class).inNamespace(ns).withName("wait-retry").edit(r -> {
            r.getMetadata().getAnnotations().remove(Annotations.ACTION);
            return r;
        });

        Run done = run.finish(Duration.ofSeconds(30));
        assertThat(done.exit()).as(done.toString()).isEqualTo(ExitCodes.ERROR);
        assertThat(done.err()).isEqualTo("error: rollout " + ns + "/wait-retry: the operator did not apply 'retry': retry ignored: "
                + "only a rolled-back or failed release can be retried; nothing changed\n");
    }

    @Test
    void waitGivesUpWithSixWhenNoOperatorAppliesTheActionAndLeavesIt() {
        rollout("no-operator");
        Run run = cli("resume", "no-operator", "--wait", "--timeout", "1s");
        assertThat(run.exit()).as(run.toString()).isEqualTo(ExitCodes.TIMEOUT);
        assertThat(run.err()).startsWith("error: rollout " + ns + "/no-operator: the operator did not apply 'resume' within 1s; "
                + "bulkhead.dev/action=resume stays on the rollout");
        assertThat(annotations("no-operator")).containsEntry(Annotations.ACTION, "resume");
    }

    @Test
    void overrideFreezeSetsTheSegmentsAnnotationAndClearRemovesIt() {
        rollout("override");
        Run set = cli("override-freeze", "override", "paying", "--reason", "P0 fix for INC-4711", "--as", ClusterFixtures.ONCALL);
        assertThat(set.exit()).as(set.toString()).isZero();
        assertThat(annotations("override")).containsEntry("override-freeze.bulkhead.dev/paying", "P0 fix for INC-4711");
        assertThat(set.out()).contains("segment paying may be released while its error budget is exhausted")
                .contains("The segment is frozen now; the operator releases into it on its next reconcile.");

        Run clear = cli("override-freeze", "override", "paying", "--clear");
        assertThat(clear.exit()).as(clear.toString()).isZero();
        assertThat(annotations("override")).doesNotContainKey("override-freeze.bulkhead.dev/paying");
        Run again = cli("override-freeze", "override", "paying", "--clear");
        assertThat(again.exit()).isZero();
        assertThat(again.out()).isEqualTo("rollout " + ns + "/override has no freeze override for segment paying; nothing changed\n");
    }

    @Test
    void overrideFreezeRefusesASegmentTheSegmentationDoesNotDefineAndChangesNothing() {
        rollout("override-gold");
        Map<String, String> before = annotations("override-gold");
        Run run = cli("override-freeze", "override-gold", "gold", "--reason", "P0");
        assertThat(run.exit()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(run.err()).isEqualTo("error: segment \"gold\" is not defined by Segmentation \"tiers\" of rollout " + ns
                + "/override-gold (it defines: internal, free, paying, enterprise); nothing changed\n");
        assertThat(annotations("override-gold")).isEqualTo(before);
    }

    @Test
    void overrideFreezeOnARolloutWhoseSegmentationIsMissingExitsThreeNamingIt() {
        Rollout fixture = Fixtures.progressing();
        fixture.setSpec(new dev.bulkhead.api.v1alpha1.RolloutSpec(new dev.bulkhead.api.v1alpha1.ObjectReference("gone"),
                fixture.getSpec().workload(), fixture.getSpec().canary(), fixture.getSpec().release(), fixture.getSpec().plan(),
                fixture.getSpec().analysis(), fixture.getSpec().rollback(), fixture.getSpec().fastRollbackWindow(),
                fixture.getSpec().postReleaseBake()));
        ClusterFixtures.create(client, ns, fixture, "orphan", Map.of());
        Run run = cli("override-freeze", "orphan", "paying", "--reason", "P0");
        assertThat(run.exit()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(run.err()).isEqualTo("error: Segmentation \"gone\" (spec.segmentationRef of rollout \"orphan\") not found in "
                + "namespace \"" + ns + "\"\n");
        assertThat(annotations("orphan")).doesNotContainKey("override-freeze.bulkhead.dev/paying");
    }
}
