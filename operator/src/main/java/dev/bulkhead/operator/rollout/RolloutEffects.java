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
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import dev.bulkhead.analysis.model.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Makes the engine's decision true in the world. Exposure is applied first and as a whole (the desired state of
 * every segment), since it is what stops harm on rollback; then the workloads; then Events. Every step is
 * idempotent, so a failed reconcile is simply repeated.
 */
public final class RolloutEffects {

    static final String DEFAULT_SCALE_DOWN_DELAY = "30s";
    private static final String FIELD_MANAGER = "bulkhead";

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
            FlagStore store = flags.get().forNamespace(rollout.getMetadata().getNamespace());
            try {
                if (supersededFeature != null && !supersededFeature.equals(release.flag().feature())) {
                    store.removeManagedStrategies(new FlagLocation(FlagLocation.of(release.flag()).project(),
                            FlagLocation.of(release.flag()).environment(), supersededFeature));
                }
                store.ensure(FlagLocation.of(release.flag()), "Released by Bulkhead rollout " + RolloutMapping.groupId(rollout),
                        Exposures.flag(inputs.plan(), state, inputs.tenantKey(), RolloutMapping.groupId(rollout)));
            } catch (FlagStoreException e) {
                problems.add(new RolloutInputs.Problem(RolloutConditionReasons.of(e.kind()), "Unleash: " + e.getMessage()));
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
     * Takes Bulkhead's exposure out of the world when the Rollout is deleted: the route's Bulkhead rules go (user rules
     * stay), and the flag's Bulkhead strategies go unless the feature was released (then it is on for everyone and
     * stays so: deleting the Rollout is not a rollback). Returns what could not be done; the finalizer stays until it
     * is done. The Deployments go with their owner through garbage collection.
     */
    public List<RolloutInputs.Problem> withdraw(Rollout rollout, RolloutState state, String tenantHeader) {
        ReleaseMethod release = rollout.getSpec().release();
        if (release.flag() != null) {
            if (flags.isEmpty() || release.flag().feature().equals(state.stableRevision())) {
                return List.of();
            }
            try {
                flags.get().forNamespace(rollout.getMetadata().getNamespace()).removeManagedStrategies(FlagLocation.of(release.flag()));
                return List.of();
            } catch (FlagStoreException e) {
                return List.of(new RolloutInputs.Problem(RolloutConditionReasons.of(e.kind()), "Unleash: " + e.getMessage()));
            }
        }
        try {
            routers.routerFor(rollout.getMetadata().getNamespace(), release.route(), tenantHeader).restoreStable();
            return List.of();
        } catch (TrafficRouterException | KubernetesClientException | IllegalArgumentException e) {
            return List.of(new RolloutInputs.Problem(RolloutConditionReasons.ROUTE_NOT_APPLIED, e.getMessage()));
        }
    }

    /**
     * Runs the stable and canary Deployments of a route release as the state and actions say. Flag releases run no
     * Deployment of their own: the flag's code path ships inside the workload.
     */
    public WorkloadOutcome applyWorkloads(Rollout rollout, RolloutState state, List<Action> actions, Instant now) {
        if (rollout.getSpec().release().route() == null) {
            return new WorkloadOutcome(List.of(), null);
        }
        PodTemplateSpec template = rollout.getSpec().workload().template();
        String specRevision = Workloads.revisionOf(template);
        int stableReplicas = Optional.ofNullable(rollout.getSpec().workload().replicas()).orElse(1);
        try {
            for (Action action : actions) {
                if (action instanceof Action.PromoteStable p && p.revision().equals(specRevision)) {
                    apply(rollout, Workloads.deployment(rollout, Workloads.STABLE, template, specRevision, stableReplicas));
                } else if (action instanceof Action.ScaleCanary s && s.revision().equals(specRevision)) {
                    apply(rollout, Workloads.deployment(rollout, Workloads.CANARY, template, specRevision, canaryReplicas(rollout, s.tenantShare())));
                    scheduleScaleDown(rollout, null);
                } else if (action instanceof Action.RetireCanary) {
                    Duration delay = scaleDownDelay(rollout);
                    if (delay.isZero()) {
                        scaleCanaryDown(rollout);
                    } else {
                        scheduleScaleDown(rollout, now.plus(delay));
                    }
                }
            }
            deployMissingCanary(rollout, state, template, specRevision);
            Instant pending = scaleDownIfDue(rollout, now);
            keepStableReplicas(rollout, stableReplicas);
            var route = rollout.getSpec().release().route();
            int port = Optional.ofNullable(route.port()).orElse(80);
            List<RolloutInputs.Problem> problems = new ArrayList<>();
            ensureService(rollout, Workloads.service(rollout, route.stableService().name(), Workloads.STABLE, port, template),
                    "spec.release.route.stableService.name").ifPresent(problems::add);
            ensureService(rollout, Workloads.service(rollout, route.canaryService().name(), Workloads.CANARY, port, template),
                    "spec.release.route.canaryService.name").ifPresent(problems::add);
            return new WorkloadOutcome(problems, pending);
        } catch (NotOwnedException e) {
            return new WorkloadOutcome(List.of(e.problem), null);
        } catch (KubernetesClientException e) {
            return new WorkloadOutcome(List.of(new RolloutInputs.Problem(RolloutConditionReasons.WORKLOAD_NOT_APPLIED,
                    e.getMessage())), null);
        }
    }

    /**
     * What applying the workloads did: the problems (nothing on success), and when a retired canary is due to scale
     * down (null when none waits), so the reconcile wakes then.
     */
    public record WorkloadOutcome(List<RolloutInputs.Problem> problems, Instant scaleDownAt) {
    }

    /** {@code spec.canary.scaleDownDelay}, 30s by default: exposure is withdrawn first, pods go after the delay. */
    static Duration scaleDownDelay(Rollout rollout) {
        CanarySpec canary = rollout.getSpec().canary();
        String text = canary == null || canary.scaleDownDelay() == null ? DEFAULT_SCALE_DOWN_DELAY : canary.scaleDownDelay();
        return Durations.parse(text, "spec.canary.scaleDownDelay");
    }

    /** Marks the canary to scale down at {@code at}, or clears the mark (null) when the canary serves again. */
    private void scheduleScaleDown(Rollout rollout, Instant at) {
        Deployment canary = deployment(rollout, Workloads.CANARY);
        if (canary == null) {
            return;
        }
        String current = annotation(canary);
        String wanted = at == null ? null : at.toString();
        if (java.util.Objects.equals(current, wanted) || (at != null && current != null)) {
            return; // an earlier scheduled scale-down stands: a later retirement does not postpone it
        }
        client.apps().deployments().inNamespace(canary.getMetadata().getNamespace()).withName(canary.getMetadata().getName())
                .edit(d -> {
                    java.util.Map<String, String> annotations = new java.util.HashMap<>(
                            Optional.ofNullable(d.getMetadata().getAnnotations()).orElse(java.util.Map.of()));
                    if (wanted == null) {
                        annotations.remove(Workloads.SCALE_DOWN_AT_ANNOTATION);
                    } else {
                        annotations.put(Workloads.SCALE_DOWN_AT_ANNOTATION, wanted);
                    }
                    d.getMetadata().setAnnotations(annotations);
                    return d;
                });
    }

    /** Scales a retired canary down once its time has come; returns the time it still waits for, or null. */
    private Instant scaleDownIfDue(Rollout rollout, Instant now) {
        Deployment canary = deployment(rollout, Workloads.CANARY);
        String at = canary == null ? null : annotation(canary);
        if (at == null) {
            return null;
        }
        Instant due;
        try {
            due = Instant.parse(at);
        } catch (java.time.format.DateTimeParseException e) {
            due = now; // a mangled mark: scale down now rather than keep pods nobody is routed to
        }
        if (now.isBefore(due)) {
            return due;
        }
        scaleCanaryDown(rollout);
        scheduleScaleDown(rollout, null);
        return null;
    }

    /**
     * A rollout deploying a revision whose canary Deployment is not there (or runs another revision) deploys it: the
     * engine asks for the canary once, on the new revision, so a first apply that failed (a Forbidden, a quota) would
     * otherwise leave the rollout Deploying for good. Level-based repair; later scaling follows the engine's actions.
     */
    private void deployMissingCanary(Rollout rollout, RolloutState state, PodTemplateSpec template, String specRevision) {
        if (state.phase() != dev.bulkhead.engine.state.Phase.DEPLOYING || !specRevision.equals(state.revision())) {
            return;
        }
        Deployment canary = deployment(rollout, Workloads.CANARY);
        if (canary == null || !Workloads.revisionOf(canary).map(specRevision::equals).orElse(false)) {
            apply(rollout, Workloads.deployment(rollout, Workloads.CANARY, template, specRevision, canaryReplicas(rollout, 0)));
        }
    }

    /**
     * {@code spec.workload.replicas} changed without a new template: stable follows at once (through the scale
     * subresource, so the template it runs stays the released one even while a new one is being released).
     */
    private void keepStableReplicas(Rollout rollout, int wanted) {
        Deployment stable = deployment(rollout, Workloads.STABLE);
        if (stable != null && !Integer.valueOf(wanted).equals(stable.getSpec().getReplicas())) {
            client.apps().deployments().resource(stable).scale(wanted);
        }
    }

    private void scaleCanaryDown(Rollout rollout) {
        Deployment canary = deployment(rollout, Workloads.CANARY);
        if (canary != null && Optional.ofNullable(canary.getSpec().getReplicas()).orElse(1) > 0) {
            client.apps().deployments().resource(canary).scale(0);
        }
    }

    private static String annotation(Deployment deployment) {
        return Optional.ofNullable(deployment.getMetadata().getAnnotations()).map(a -> a.get(Workloads.SCALE_DOWN_AT_ANNOTATION))
                .orElse(null);
    }

    /** The Rollout's own writes (status, action annotations, outbox), with this operator's client and Events. */
    public RolloutWrites writes() {
        return new RolloutWrites(client, events);
    }

    /** A Warning Event on the Rollout. */
    public void warn(Rollout rollout, String reason, String message) {
        events.record(rollout, true, reason, message);
    }

    /** Kubernetes Events for transitions and notifications. */
    public void record(Rollout rollout, List<Action> actions) {
        for (Action action : actions) {
            if (action instanceof Action.Notify n) {
                events.record(rollout, n.warning(), n.reason(), n.message());
            }
        }
    }

    /** The Deployment of one track, or null when there is none or it is not this Rollout's (never written then). */
    public Deployment deployment(Rollout rollout, String track) {
        Deployment found = client.apps().deployments().inNamespace(rollout.getMetadata().getNamespace())
                .withName(Workloads.deploymentName(rollout, track)).get();
        return found != null && Ownership.controlledBy(found, rollout) ? found : null;
    }

    /**
     * The objects a route release would write that exist and are not this Rollout's: its Deployments
     * {@code <name>-stable} and {@code <name>-canary} and the two Services it names. Each is a problem that holds the
     * rollout (nobody is exposed further, nothing is written), so traffic is never routed to a Service someone else
     * runs. Flag releases write no such object.
     */
    public List<RolloutInputs.Problem> foreignObjects(Rollout rollout) {
        var route = rollout.getSpec().release().route();
        if (route == null) {
            return List.of();
        }
        String namespace = rollout.getMetadata().getNamespace();
        List<RolloutInputs.Problem> problems = new ArrayList<>();
        for (String track : List.of(Workloads.STABLE, Workloads.CANARY)) {
            Deployment found = client.apps().deployments().inNamespace(namespace)
                    .withName(Workloads.deploymentName(rollout, track)).get();
            if (found != null && !Ownership.controlledBy(found, rollout)) {
                problems.add(Ownership.notOwned(found, rollout, "metadata.name (the " + track + " Deployment)"));
            }
        }
        Map<String, String> services = new java.util.LinkedHashMap<>();
        if (route.stableService() != null) {
            services.put(route.stableService().name(), "spec.release.route.stableService.name");
        }
        if (route.canaryService() != null) {
            services.putIfAbsent(route.canaryService().name(), "spec.release.route.canaryService.name");
        }
        services.forEach((name, field) -> {
            Service found = client.services().inNamespace(namespace).withName(name).get();
            if (found != null && !Ownership.controlledBy(found, rollout)) {
                problems.add(Ownership.notOwned(found, rollout, field));
            }
        });
        return problems;
    }

    /** Creates the Service when absent, rewrites it when ours and different, and leaves it alone otherwise. */
    private Optional<RolloutInputs.Problem> ensureService(Rollout rollout, Service desired, String field) {
        Service existing = client.services().inNamespace(desired.getMetadata().getNamespace())
                .withName(desired.getMetadata().getName()).get();
        if (existing == null) {
            client.resource(desired).create();
        } else if (!Ownership.controlledBy(existing, rollout)) {
            return Optional.of(Ownership.notOwned(existing, rollout, field));
        } else if (!Ownership.sameService(desired, existing)) {
            client.resource(desired).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
        }
        return Optional.empty();
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

    /**
     * Writes a Deployment of ours: created when absent (a create fails rather than merging into an object that
     * appeared meanwhile), applied when this Rollout controls it, and refused when someone else does.
     */
    private void apply(Rollout rollout, Deployment desired) {
        Deployment existing = client.apps().deployments().inNamespace(desired.getMetadata().getNamespace())
                .withName(desired.getMetadata().getName()).get();
        if (existing == null) {
            client.resource(desired).create();
        } else if (Ownership.controlledBy(existing, rollout)) {
            // Forcing is safe here: the object is ours, and the fields others may also set (replicas by hand) are ours to reset.
            client.resource(desired).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
        } else {
            throw new NotOwnedException(Ownership.notOwned(existing, rollout, "metadata.name (the Deployment "
                    + desired.getMetadata().getName() + ")"));
        }
    }

    /** An object to write belongs to someone else: nothing is written, the problem says which and what to do. */
    private static final class NotOwnedException extends RuntimeException {
        private final RolloutInputs.Problem problem;

        NotOwnedException(RolloutInputs.Problem problem) {
            super(problem.message(), null, false, false);
            this.problem = problem;
        }
    }
}
