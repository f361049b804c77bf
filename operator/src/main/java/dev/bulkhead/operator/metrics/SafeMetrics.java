package dev.bulkhead.operator.metrics;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import io.javaoperatorsdk.operator.processing.Controller;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Keeps a metrics failure out of reconciliation. JOSDK 5.3's MicrometerMetricsV2 registers {@code events_received}
 * with an {@code action} tag for resource events and without it for timer events; Prometheus' registry refuses the
 * second shape and throws inside the event handler, which stops reconciles. Recording a metric is never worth that.
 */
public final class SafeMetrics implements Metrics {

    private static final Logger LOG = Logger.getLogger(SafeMetrics.class);

    private final Metrics delegate;
    private final AtomicBoolean warned = new AtomicBoolean();

    public SafeMetrics(Metrics delegate) {
        this.delegate = delegate;
    }

    @Override
    public void controllerRegistered(Controller<? extends HasMetadata> controller) {
        guard(() -> delegate.controllerRegistered(controller));
    }

    @Override
    public void eventReceived(Event event, Map<String, Object> metadata) {
        guard(() -> delegate.eventReceived(event, metadata));
    }

    @Override
    public void reconciliationSubmitted(HasMetadata resource, RetryInfo retryInfo, Map<String, Object> metadata) {
        guard(() -> delegate.reconciliationSubmitted(resource, retryInfo, metadata));
    }

    @Override
    public void reconciliationStarted(HasMetadata resource, Map<String, Object> metadata) {
        guard(() -> delegate.reconciliationStarted(resource, metadata));
    }

    @Override
    public void reconciliationFailed(HasMetadata resource, RetryInfo retryInfo, Exception exception, Map<String, Object> metadata) {
        guard(() -> delegate.reconciliationFailed(resource, retryInfo, exception, metadata));
    }

    @Override
    public void reconciliationSucceeded(HasMetadata resource, Map<String, Object> metadata) {
        guard(() -> delegate.reconciliationSucceeded(resource, metadata));
    }

    @Override
    public void reconciliationFinished(HasMetadata resource, RetryInfo retryInfo, Map<String, Object> metadata) {
        guard(() -> delegate.reconciliationFinished(resource, retryInfo, metadata));
    }

    @Override
    public void cleanupDone(ResourceID resourceID, Map<String, Object> metadata) {
        guard(() -> delegate.cleanupDone(resourceID, metadata));
    }

    @Override
    public <T> T timeControllerExecution(ControllerExecution<T> execution) throws Exception {
        return delegate.timeControllerExecution(execution);
    }

    private void guard(Runnable record) {
        try {
            record.run();
        } catch (RuntimeException e) {
            if (warned.compareAndSet(false, true)) {
                LOG.warnf("a metric could not be recorded (reported once, reconciliation continues): %s", e.getMessage());
            }
        }
    }
}
