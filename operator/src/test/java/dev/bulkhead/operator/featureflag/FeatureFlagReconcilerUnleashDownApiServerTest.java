package dev.bulkhead.operator.featureflag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bulkhead.api.v1alpha1.Condition;
import dev.bulkhead.api.v1alpha1.FeatureFlag;
import dev.bulkhead.api.v1alpha1.FeatureFlagSpec;
import dev.bulkhead.api.v1alpha1.FeatureFlagStatus;
import dev.bulkhead.api.v1alpha1.ReleaseMethod.FlagRelease;
import dev.bulkhead.operator.release.flag.unleash.UnleashFlagStore;
import dev.bulkhead.operator.status.Conditions;
import dev.bulkhead.operator.testing.OperatorHarness;
import dev.bulkhead.testbed.TestNamespace;
import dev.bulkhead.testbed.TestbedExtension;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The FeatureFlag reconciler when Unleash cannot be reached: a condition says so, nothing else moves. */
@ExtendWith(TestbedExtension.class)
class FeatureFlagReconcilerUnleashDownApiServerTest {

    private static OperatorHarness operator;

    @BeforeAll
    static void startOperator(KubernetesClient client, TestNamespace namespace) throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort(); // free once closed: connections are refused
        }
        var store = new UnleashFlagStore(URI.create("http://127.0.0.1:" + closedPort), "*:*.not-a-secret",
                Duration.ofSeconds(1), Duration.ofSeconds(2));
        operator = OperatorHarness.start(client, namespace.name(),
                List.of(new FeatureFlagReconciler(store, Clock.systemUTC(), Duration.ofSeconds(2))));
    }

    @AfterAll
    static void stopOperator(KubernetesClient client, TestNamespace namespace) {
        if (operator != null) {
            // Never synced, so the finalizer lets go without calling Unleash.
            client.resources(FeatureFlag.class).inNamespace(namespace.name()).delete();
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    client.resources(FeatureFlag.class).inNamespace(namespace.name()).list().getItems().isEmpty());
            operator.close();
        }
    }

    @Test
    void unleashUnreachableIsNotReadyWithReasonUnleashUnavailable(KubernetesClient client, TestNamespace namespace) {
        FeatureFlag flag = new FeatureFlag();
        flag.setMetadata(new ObjectMetaBuilder().withName("dark-mode").withNamespace(namespace.name()).build());
        flag.setSpec(new FeatureFlagSpec(new FlagRelease("dark-mode", null, null), null, true, null,
                List.of("globex"), null));
        client.resource(flag).create();

        FeatureFlagStatus status = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> client.resources(FeatureFlag.class).inNamespace(namespace.name()).withName("dark-mode").get()
                        .getStatus(), s -> s != null && "Error".equals(s.phase()));

        Condition ready = Conditions.find(status.conditions(), "Ready").orElseThrow();
        assertThat(ready.reason()).isEqualTo("UnleashUnavailable");
        assertThat(ready.message()).contains("is unreachable").doesNotContain("not-a-secret");
        assertThat(Conditions.find(status.conditions(), "Synced")).isEmpty();
        assertThat(status.lastSynced()).isNull();
        assertThat(status.observedGeneration()).isNull();
    }
}
