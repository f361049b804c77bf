package dev.bulkhead.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bulkhead.testbed.TestNamespace;
import dev.bulkhead.testbed.TestbedExtension;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * With the operator's retry a reconcile that keeps failing is retried past JOSDK's default limit of 5 attempts, with
 * no event to wake it, until it succeeds. Intervals are shortened here; the shape is the operator's.
 */
@ExtendWith(TestbedExtension.class)
class ReconcileRetryApiServerTest {

    private static final int FAILURES = 9;

    @Test
    void aReconcileThatKeepsFailingIsRetriedPastJosdksDefaultLimitUntilItSucceeds(KubernetesClient client,
            TestNamespace namespace) {
        AtomicInteger attempts = new AtomicInteger();
        AtomicInteger succeeded = new AtomicInteger();
        Reconciler<ConfigMap> failing = new Reconciler<>() {
            @Override
            public UpdateControl<ConfigMap> reconcile(ConfigMap resource, Context<ConfigMap> context) {
                if (!"retried".equals(resource.getMetadata().getName())) {
                    return UpdateControl.noUpdate();
                }
                if (attempts.incrementAndGet() <= FAILURES) {
                    throw new IllegalStateException("the API server is having a bad minute (attempt " + attempts.get() + ")");
                }
                succeeded.incrementAndGet();
                return UpdateControl.noUpdate();
            }
        };
        Operator operator = new Operator(o -> o.withKubernetesClient(client).withCloseClientOnStop(false)
                .withReconciliationTerminationTimeout(Duration.ofSeconds(5)));
        operator.register(failing, o -> o.settingNamespaces(Set.of(namespace.name()))
                .withRetry(ReconcileRetry.of(Duration.ofMillis(50), Duration.ofMillis(200))));
        operator.start();
        try {
            client.resource(new ConfigMapBuilder().withNewMetadata().withName("retried").withNamespace(namespace.name())
                    .endMetadata().addToData("k", "v").build()).create();

            await().atMost(Duration.ofSeconds(30)).until(() -> succeeded.get() == 1);
            assertThat(attempts.get()).isEqualTo(FAILURES + 1);
        } finally {
            operator.stop();
        }
    }
}
