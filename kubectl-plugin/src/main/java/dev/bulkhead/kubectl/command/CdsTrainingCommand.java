package dev.bulkhead.kubectl.command;

import dev.bulkhead.api.v1alpha1.Rollout;
import dev.bulkhead.kubectl.ExitCodes;
import dev.bulkhead.kubectl.render.ImpactFormats;
import dev.bulkhead.kubectl.render.ImpactReport;
import dev.bulkhead.kubectl.render.RolloutList;
import dev.bulkhead.kubectl.render.RolloutTree;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * Hidden: what bin/kubectl-bulkhead runs once per jar with {@code -XX:ArchiveClassesAtExit} to record the classes a
 * command loads (the Kubernetes client, its HTTP stack, the model, the renderers) into a class-data-sharing archive;
 * later runs map that archive and start in about half the CPU time. It sends one request to a closed loopback port
 * (127.0.0.1:1) so the HTTP path is loaded too, and talks to no cluster.
 */
@Command(name = "cds-training", hidden = true)
public final class CdsTrainingCommand implements Callable<Integer> {

    private static final String KUBECONFIG = """
            apiVersion: v1
            kind: Config
            clusters:
            - name: nowhere
              cluster: {server: "https://127.0.0.1:1", insecure-skip-tls-verify: true}
            users:
            - name: nobody
              user: {token: none}
            contexts:
            - name: nowhere
              context: {cluster: nowhere, user: nobody, namespace: training}
            current-context: nowhere
            """;

    @Override
    public Integer call() {
        Config config = Config.fromKubeconfig(KUBECONFIG);
        config.setRequestRetryBackoffLimit(0);
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
            client.resources(Rollout.class).inNamespace("training").withName("training").get();
        } catch (KubernetesClientException expected) {
            // nothing listens there
        }
        Rollout sample;
        try (InputStream in = CdsTrainingCommand.class.getResourceAsStream("cds-training-rollout.json")) {
            sample = Serialization.unmarshal(in, Rollout.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Instant now = Instant.parse("2026-01-01T00:10:00Z");
        RolloutTree.render(sample, now, 5);
        RolloutList.render(List.of(sample), true, now);
        ImpactReport report = ImpactReport.of(sample, null);
        ImpactFormats.table(report);
        ImpactFormats.csv(report);
        ImpactFormats.json(report);
        RolloutDisplay.json(sample);
        Serialization.asYaml(sample);
        return ExitCodes.OK;
    }
}
