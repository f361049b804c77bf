package dev.bulkhead.operator.leader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.bulkhead.operator.release.flag.FencedFlagStore;
import dev.bulkhead.operator.release.flag.FlagLocation;
import dev.bulkhead.operator.release.flag.FlagState;
import dev.bulkhead.operator.release.flag.FlagStore;
import dev.bulkhead.operator.release.flag.FlagStoreException;
import dev.bulkhead.operator.release.flag.ObservedFlag;
import dev.bulkhead.api.v1alpha1.ObjectReference;
import dev.bulkhead.api.v1alpha1.ReleaseMethod.GatewayApiRoute;
import dev.bulkhead.api.v1alpha1.ReleaseMethod.RouteRelease;
import dev.bulkhead.operator.release.route.TenantMatching;
import dev.bulkhead.operator.release.route.TrafficRouter;
import dev.bulkhead.operator.release.route.TrafficRouterException;
import dev.bulkhead.operator.release.route.TrafficRouterFactory;
import dev.bulkhead.operator.segmentation.SegmentationReconciler;
import dev.bulkhead.operator.testing.OperatorHarness;
import dev.bulkhead.testbed.TestNamespace;
import dev.bulkhead.testbed.TestbedExtension;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Fencing against the real API server's Lease, as JOSDK's leader election writes it: a replica writes to Unleash or a
 * route only while the Lease names it and has not expired.
 */
@ExtendWith(TestbedExtension.class)
class LeaseFenceApiServerTest {

    private static final String LEASE = "bulkhead-operator";

    @Test
    void aReplicaThatLostTheLeaseToAnotherIsRefusedItsWrites(KubernetesClient client, TestNamespace ns) {
        OperatorHarness.installCrds(client);
        LeaseFence a = new LeaseFence(client, ns.name(), LEASE, "replica-a", Clock.systemUTC());
        LeaseFence b = new LeaseFence(client, ns.name(), LEASE, "replica-b", Clock.systemUTC());
        Operator first = replica(client, ns.name(), "replica-a");
        Operator second = replica(client, ns.name(), "replica-b");
        try {
            first.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> holder(client, ns.name()), "replica-a"::equals);
            second.start();
            assertThatCode(() -> a.check("the Unleash feature checkout")).doesNotThrowAnyException();
            assertThatThrownBy(() -> b.check("the Unleash feature checkout"))
                    .isInstanceOf(LeaseFence.NotLeaderException.class).hasMessageContaining("held by replica-a");

            // replica-a stops renewing (as a replica paused or cut off from the API server would) and replica-b takes over.
            first.stop();
            await().atMost(Duration.ofSeconds(45)).until(() -> holder(client, ns.name()), "replica-b"::equals);

            assertThatThrownBy(() -> a.check("the Unleash feature checkout"))
                    .isInstanceOf(LeaseFence.NotLeaderException.class)
                    .hasMessageContaining("refused to write the Unleash feature checkout")
                    .hasMessageContaining("held by replica-b");
            assertThatCode(() -> b.check("the Unleash feature checkout")).doesNotThrowAnyException();
        } finally {
            first.stop();
            second.stop();
        }
    }

    @Test
    void aLeaseThatWasNotRenewedInTimeFencesEvenItsHolder(KubernetesClient client, TestNamespace ns) {
        client.leases().inNamespace(ns.name()).resource(new LeaseBuilder().withNewMetadata().withName(LEASE).endMetadata()
                .withNewSpec().withHolderIdentity("replica-a").withLeaseDurationSeconds(15)
                .withRenewTime(ZonedDateTime.now().minusSeconds(60)).withAcquireTime(ZonedDateTime.now().minusSeconds(120))
                .endSpec().build()).create();

        assertThatThrownBy(() -> new LeaseFence(client, ns.name(), LEASE, "replica-a", Clock.systemUTC()).check("the route"))
                .isInstanceOf(LeaseFence.NotLeaderException.class).hasMessageContaining("expired");
    }

    @Test
    void noLeaseAtAllIsNotLeading(KubernetesClient client, TestNamespace ns) {
        assertThatThrownBy(() -> new LeaseFence(client, ns.name(), "nobody-holds-this", "replica-a", Clock.systemUTC())
                .check("the route")).isInstanceOf(LeaseFence.NotLeaderException.class).hasMessageContaining("held by null");
    }

    @Test
    void aFencedFlagStoreReadsButWritesNothingWithoutTheLease(KubernetesClient client, TestNamespace ns) {
        List<String> calls = new CopyOnWriteArrayList<>();
        FlagStore recording = new FlagStore() {
            @Override
            public FlagStore forNamespace(String namespace) {
                return this;
            }

            @Override
            public void ensure(FlagLocation flag, String description, FlagState desired) {
                calls.add("ensure");
            }

            @Override
            public Optional<ObservedFlag> observe(FlagLocation flag) {
                calls.add("observe");
                return Optional.empty();
            }

            @Override
            public void removeManagedStrategies(FlagLocation flag) {
                calls.add("remove");
            }

            @Override
            public void archive(FlagLocation flag) {
                calls.add("archive");
            }
        };
        FlagStore fenced = new FencedFlagStore(recording, new LeaseFence(client, ns.name(), LEASE, "replica-a", Clock.systemUTC()));
        FlagLocation flag = new FlagLocation("default", "production", "checkout");

        assertThatThrownBy(() -> fenced.removeManagedStrategies(flag)).isInstanceOfSatisfying(FlagStoreException.class,
                e -> assertThat(e.isTransient()).isTrue()).hasMessageContaining("refused to write the Unleash feature checkout");
        assertThatThrownBy(() -> fenced.archive(flag)).isInstanceOf(FlagStoreException.class);
        fenced.observe(flag);

        assertThat(calls).containsExactly("observe");
    }

    @Test
    void aFencedRouterWritesNothingWithoutTheLease(KubernetesClient client, TestNamespace ns) {
        LeaseFence fence = new LeaseFence(client, ns.name(), "nobody-holds-this-either", "replica-a", Clock.systemUTC());
        RouteRelease release = new RouteRelease(new GatewayApiRoute(new ObjectReference("web")), null,
                new ObjectReference("web-stable"), new ObjectReference("web-canary"), 8080);
        TrafficRouter router = new TrafficRouterFactory(client, TenantMatching.EXACT_ONLY, fence)
                .routerFor(ns.name(), release, "X-Tenant-Id");

        // Refused before the router looks for its HTTPRoute (there is none): the message is the fence's, not a 404.
        assertThatThrownBy(router::restoreStable).isInstanceOf(TrafficRouterException.class)
                .hasMessageContaining("refused to write the route of " + ns.name() + "/web")
                .hasMessageContaining("no longer holds the leader Lease");
    }

    private static Operator replica(KubernetesClient client, String namespace, String identity) {
        Operator operator = new Operator(o -> o.withKubernetesClient(client).withCloseClientOnStop(false)
                .withCacheSyncTimeout(Duration.ofSeconds(60))
                .withLeaderElectionConfiguration(LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(LEASE)
                        .withLeaseNamespace(namespace).withIdentity(identity)
                        .withLeaseDuration(Duration.ofSeconds(6)).withRenewDeadline(Duration.ofSeconds(4))
                        .withRetryPeriod(Duration.ofSeconds(1))
                        .buildForTest(false)));
        operator.register(new SegmentationReconciler(Clock.systemUTC()),
                o -> o.settingNamespaces(Set.of(namespace)).withName("segmentation-" + identity));
        return operator;
    }

    private static String holder(KubernetesClient client, String namespace) {
        Lease lease = client.leases().inNamespace(namespace).withName(LEASE).get();
        return lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
    }
}
