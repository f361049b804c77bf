package dev.bulkhead.operator.health;

import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.RuntimeInfo;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the operator has started and every event source (informer) is healthy; names the unhealthy ones. */
@Readiness
@ApplicationScoped
public class OperatorReadiness implements HealthCheck {

    private final Operator operator;

    OperatorReadiness(Operator operator) {
        this.operator = operator;
    }

    @Override
    public HealthCheckResponse call() {
        RuntimeInfo info = operator.getRuntimeInfo();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("bulkhead-operator");
        if (!info.isStarted()) {
            return response.down().withData("reason", "operator not started").build();
        }
        // JOSDK lists every controller, with an empty map when all its event sources are healthy.
        var unhealthy = info.unhealthyEventSources().entrySet().stream().filter(e -> !e.getValue().isEmpty()).toList();
        if (!unhealthy.isEmpty()) {
            unhealthy.forEach(e -> response.withData(e.getKey(), String.join(",", e.getValue().keySet())));
            return response.down().build();
        }
        return response.up().withData("controllers", info.getRegisteredControllers().size()).build();
    }
}
