package dev.bulkhead.operator.rollout;

import dev.bulkhead.api.v1alpha1.CanarySpec;
import dev.bulkhead.api.v1alpha1.ReleaseMethod;
import dev.bulkhead.api.v1alpha1.Rollout;
import dev.bulkhead.engine.Action;
import dev.bulkhead.engine.state.RolloutState;
import dev.bulkhead.operator.events.EventRecorder;
import dev.bulkhead.operator.release.flag.FlagLocation;
import dev.bulkhead.operator.release.flag.FlagStore;
import dev.bulkhead.operator.release.flag.FlagStoreException;
import dev.bulkhead.operator.release.route.TrafficRouterException;
import dev.bulkhead.operator.release.route.TrafficRouterFactory;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Makes the engine's decision true in the world. Exposure is applied first and as a whole (the desired state of
 * every segment), since it is what stops harm on rollback; then the workloads; then Events. Every step is
 * idempotent, so a failed reconcile is simply repeated.
 */
public final class RolloutEffects {

    private final KubernetesClient client;
    private final Optional<FlagStore> flags;
    private final TrafficRouterFactory routers;
    private final EventRecorder events;

    public RolloutEffects(KubernetesClient client, Optional<FlagStore> flags, TrafficRouterFactory routers, EventRecorder events) {
        this.client = client;
        this.flags = flags;
        this.routers = routers;
        this.events = events;
    }

    /** Applies the exposure the state asks for; returns what failed (nothing on success). */
    public List<RolloutInputs.Problem> applyExposure(Rollout rollout, RolloutInputs inputs, RolloutState state,
            String supersededFeature) {
        List<RolloutInputs.Problem> problems = new ArrayList<>();
        ReleaseMethod release = rollout.getSpec().release();
        if (release.flag() != null) {
            if (flags.isEmpty()) {
                problems.add(new RolloutInputs.Problem(RolloutConditionReasons.UNLEASH_NOT_CONFIGURED,
                        "spec.release.flag: the operator has no Unleash configured (bulkhead.unleash.url and admin-token)"));
                return problems;
            }
            try {
                if (supersededFeature != null && !supersededFeature.equals(release.flag().feature())) {
                    flags.get().removeManagedStrategies(new FlagLocation(FlagLocation.of(release.flag()).project(),
                            FlagLocation.of(release.flag()).environment(), supersededFeature));
                }
                flags.get().ensure(FlagLocation.of(release.flag()), "Released by Bulkhead rollout " + RolloutMapping.groupId(rollout),
                        Exposures.flag(inputs.plan(), state, inputs.tenantKey(), RolloutMapping.groupId(rollout)));
            } catch (FlagStoreException e) {
                problems.add(new RolloutInputs.Problem(RolloutConditionReasons.UNLEASH_UNAVAILABLE,
                        "Unleash: " + e.getMessage()));
            }
        } else {
            try {
                routers.routerFor(rollout.getMetadata().getNamespace(), release.route(), inputs.tenantHeader())
                        .apply(Exposures.route(inputs.plan(), state));
            } catch (TrafficRouterException | KubernetesClientException | IllegalArgumentException e) {
                problems.add(new RolloutInputs.Problem(RolloutConditionReasons.ROUTE_NOT_APPLIED, e.getMessage()));
            }
        }
        return problems;
    }

    /**
     * Runs the stable and canary Deployments of a route release as the state and actions say. Flag releases run no
     * Deployment of their own: the flag's code path ships inside the workload.
     */
    public List<RolloutInputs.Problem> applyWorkloads(Rollout rollout, RolloutState state, List<Action> actions) {
        if (rollout.getSpec().release().route() == null) {
            return List.of();
        }
        PodTemplateSpec template = rollout.getSpec().workload().template();
        String specRevision = Workloads.revisionOf(template);
        int stableReplicas = Optional.ofNullable(rollout.getSpec().workload().replicas()).orElse(1);
        try {
            for (Action action : actions) {
                if (action instanceof Action.PromoteStable p && p.revision().equals(specRevision)) {
                    apply(Workloads.deployment(rollout, Workloads.STABLE, template, specRevision, stableReplicas));
                } else if (action instanceof Action.ScaleCanary s && s.revision().equals(specRevision)) {
                    apply(Workloads.deployment(rollout, Workloads.CANARY, template, specRevision, canaryReplicas(rollout, s.tenantShare())));
                } else if (action instanceof Action.RetireCanary) {
                    Deployment canary = deployment(rollout, Workloads.CANARY);
                    if (canary != null) {
                        client.apps().deployments().resource(canary).scale(0);
                    }
                }
            }
            var route = rollout.getSpec().release().route();
            int port = Optional.ofNullable(route.port()).orElse(80);
            apply(Workloads.service(rollout, route.stableService().name(), Workloads.STABLE, port, template));
            apply(Workloads.service(rollout, route.canaryService().name(), Workloads.CANARY, port, template));
            return List.of();
        } catch (KubernetesClientException e) {
            return List.of(new RolloutInputs.Problem(RolloutConditionReasons.WORKLOAD_NOT_APPLIED, e.getMessage()));
        }
    }

    /** Kubernetes Events for transitions and notifications. */
    public void record(Rollout rollout, List<Action> actions) {
        for (Action action : actions) {
            if (action instanceof Action.Notify n) {
                events.record(rollout, n.warning(), n.reason(), n.message());
            }
        }
    }

    public Deployment deployment(Rollout rollout, String track) {
        return client.apps().deployments().inNamespace(rollout.getMetadata().getNamespace())
                .withName(Workloads.deploymentName(rollout, track)).get();
    }

    private int canaryReplicas(Rollout rollout, double share) {
        CanarySpec canary = rollout.getSpec().canary();
        int min = canary == null || canary.replicas() == null ? 1 : canary.replicas();
        if (canary == null || canary.scaling() != CanarySpec.Scaling.PROPORTIONAL) {
            return min;
        }
        int stable = Optional.ofNullable(rollout.getSpec().workload().replicas()).orElse(1);
        return Math.max(min, (int) Math.ceil(stable * share));
    }

    private void apply(io.fabric8.kubernetes.api.model.HasMetadata desired) {
        client.resource(desired).fieldManager("bulkhead").forceConflicts().serverSideApply();
    }
}
