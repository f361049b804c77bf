package dev.bulkhead.operator;

import dev.bulkhead.operator.config.BulkheadConfig;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.HashSet;
import java.util.List;
import org.jboss.logging.Logger;

/** Registers the reconcilers and starts the operator with the application; stops it on shutdown. */
@ApplicationScoped
public class OperatorLifecycle {

    private static final Logger LOG = Logger.getLogger(OperatorLifecycle.class);

    private final Operator operator;
    private final Reconcilers reconcilers;
    private final BulkheadConfig config;

    OperatorLifecycle(Operator operator, Reconcilers reconcilers, BulkheadConfig config) {
        this.operator = operator;
        this.reconcilers = reconcilers;
        this.config = config;
    }

    void start(@Observes StartupEvent event) {
        for (Reconciler<?> reconciler : reconcilers.all()) {
            register(reconciler);
        }
        operator.start();
        LOG.infof("Bulkhead operator started with %d controllers, watching %s", reconcilers.all().size(),
                config.namespaces().map(Object::toString).orElse("all namespaces"));
    }

    void stop(@Observes ShutdownEvent event) {
        operator.stop();
    }

    private <P extends io.fabric8.kubernetes.api.model.HasMetadata> void register(Reconciler<P> reconciler) {
        List<String> namespaces = config.namespaces().orElse(List.of());
        operator.register(reconciler, o -> {
            o.withRetry(ReconcileRetry.policy());
            if (!namespaces.isEmpty()) {
                o.settingNamespaces(new HashSet<>(namespaces));
            }
        });
    }
}
