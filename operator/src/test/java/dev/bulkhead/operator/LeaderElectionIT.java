package dev.bulkhead.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bulkhead.api.v1alpha1.Segmentation;
import dev.bulkhead.operator.segmentation.SegmentationReconciler;
import dev.bulkhead.operator.testing.OperatorHarness;
import dev.bulkhead.testbed.TestNamespace;
import dev.bulkhead.testbed.TestbedExtension;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two replicas with leader election on a Kubernetes Lease, on the testbed's API server: only the holder of the Lease
 * reconciles; when it stops, the other takes the Lease over and reconciles from then on.
 */
@ExtendWith(TestbedExtension.class)
class LeaderElectionIT {

    private static final String LEASE = "bulkhead-operator";

    @Test
    void onlyTheLeaseHolderReconcilesAndTheOtherReplicaTakesOverWhenItStops(KubernetesClient client, TestNamespace ns) {
        OperatorHarness.installCrds(client);
        AtomicInteger byA = new AtomicInteger();
        AtomicInteger byB = new AtomicInteger();
        Operator a = replica(client, ns.name(), "replica-a", byA);
        Operator b = replica(client, ns.name(), "replica-b", byB);
        try {
            a.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> holder(client, ns.name()), "replica-a"::equals);
            b.start();

            apply(client, ns.name(), "first");
            await().atMost(Duration.ofSeconds(30)).until(() -> observed(client, ns.name(), "first"));
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> byB.get() == 0);
            assertThat(byA.get()).as("reconciles by the leader").isPositive();
            assertThat(holder(client, ns.name())).isEqualTo("replica-a");

            a.stop();
            await().atMost(Duration.ofSeconds(45)).until(() -> holder(client, ns.name()), "replica-b"::equals);
            int byABefore = byA.get();
            apply(client, ns.name(), "second");
            await().atMost(Duration.ofSeconds(30)).until(() -> observed(client, ns.name(), "second"));
            assertThat(byB.get()).as("reconciles by the new leader").isPositive();
            assertThat(byA.get()).as("the stopped replica did nothing more").isEqualTo(byABefore);
        } finally {
            a.stop();
            b.stop();
        }
    }

    private static Operator replica(KubernetesClient client, String namespace, String identity, AtomicInteger reconciles) {
        Operator operator = new Operator(o -> o.withKubernetesClient(client).withCloseClientOnStop(false)
                .withCacheSyncTimeout(Duration.ofSeconds(60))
                .withLeaderElectionConfiguration(LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(LEASE)
                        .withLeaseNamespace(namespace).withIdentity(identity)
                        .withLeaseDuration(Duration.ofSeconds(6)).withRenewDeadline(Duration.ofSeconds(4))
                        .withRetryPeriod(Duration.ofSeconds(1))
                        // A replica that loses the Lease exits in production (its pod restarts); not inside a test JVM.
                        .buildForTest(false)));
        operator.register(new SegmentationReconciler(Clock.systemUTC()) {
            @Override
            public UpdateControl<Segmentation> reconcile(Segmentation segmentation, Context<Segmentation> context) {
                reconciles.incrementAndGet();
                return super.reconcile(segmentation, context);
            }
        }, o -> o.settingNamespaces(Set.of(namespace)).withName("segmentation-" + identity));
        return operator;
    }

    private static String holder(KubernetesClient client, String namespace) {
        Lease lease = client.leases().inNamespace(namespace).withName(LEASE).get();
        return lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
    }

    private static void apply(KubernetesClient client, String namespace, String name) {
        String yaml = """
                apiVersion: bulkhead.dev/v1alpha1
                kind: Segmentation
                metadata: {name: %s}
                spec:
                  segments:
                    - {name: internal, tenants: [staff]}
                """.formatted(name);
        client.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).inNamespace(namespace).serverSideApply();
    }

    private static boolean observed(KubernetesClient client, String namespace, String name) {
        Segmentation s = client.resources(Segmentation.class).inNamespace(namespace).withName(name).get();
        return s != null && s.getStatus() != null && s.getStatus().observedGeneration() != null;
    }
}
