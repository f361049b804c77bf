package dev.bulkhead.operator.rollout;

import dev.bulkhead.api.v1alpha1.Rollout;
import dev.bulkhead.api.v1alpha1.ServiceLevelObjective;
import dev.bulkhead.engine.Action;
import dev.bulkhead.engine.Event;
import dev.bulkhead.engine.state.BudgetOverride;
import dev.bulkhead.engine.state.Phase;
import dev.bulkhead.engine.state.RolloutState;
import dev.bulkhead.operator.events.EventRecorder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns what the operator sees into engine events: the revision the spec asks for, canary readiness, promotion
 * completing, budget overrides in annotations and error-budget freezes from the SLOs' status. Reads only. Manual
 * actions are read by {@link ManualActions#request} and consumed through status (see {@link RolloutWrites}).
 */
public final class RolloutObservations {

    /** Label values of the demo's and the default flag metrics: the flag on or off for the tenant. */
    public static final String FLAG_ENABLED = "enabled";
    public static final String FLAG_DISABLED = "disabled";

    private final KubernetesClient client;
    private final EventRecorder events;

    public RolloutObservations(KubernetesClient client, EventRecorder events) {
        this.client = client;
        this.events = events;
    }

    /** The revision the spec asks for: the pod template's hash for a route release, the feature's name for a flag. */
    public static String specRevision(Rollout rollout) {
        return rollout.getSpec().release().flag() != null
                ? rollout.getSpec().release().flag().feature()
                : Workloads.revisionOf(rollout.getSpec().workload().template());
    }

    public List<Event> events(Rollout rollout, RolloutState state, List<ServiceLevelObjective> slos) {
        List<Event> out = new ArrayList<>();
        boolean flag = rollout.getSpec().release().flag() != null;
        if (flag && state.stableRevision() == null && state.promotingTo() == null) {
            // A flag release starts from the flag off for everyone: that is stable, the baseline to compare with.
            out.add(new Event.NewRevision(Exposures.FLAG_OFF));
        }
        String revision = specRevision(rollout);
        out.add(new Event.NewRevision(revision));
        if (!flag && state.promotingTo() != null
                && Workloads.ready(deployment(rollout, Workloads.STABLE), state.promotingTo())) {
            out.add(new Event.PromotionComplete(state.promotingTo()));
        }
        // A revision the state does not hold yet is deploying as of this very reconcile (NewRevision comes first):
        // its readiness is observed now, so a superseding revision starts in the same reconcile.
        if (state.phase() == Phase.DEPLOYING || state.phase() == Phase.PENDING || !state.canaryReady()
                || !revision.equals(state.revision())) {
            canary(rollout, revision, flag).ifPresent(out::add);
        }
        Optional<String> override = ManualActions.freezeOverride(rollout.getMetadata().getAnnotations());
        if (override.isPresent() && state.budgetOverride() == null) {
            out.add(new Event.BudgetOverride(override.get()));
        } else if (override.isEmpty() && state.budgetOverride() != null) {
            out.add(new Event.BudgetOverrideCleared());
        }
        Map<String, String> segmentOverrides = ManualActions.segmentFreezeOverrides(rollout.getMetadata().getAnnotations());
        segmentOverrides.forEach((segment, reason) -> {
            BudgetOverride held = state.segmentOverrides().get(segment);
            if (held == null || !held.reason().equals(reason)) {
                out.add(new Event.SegmentBudgetOverride(segment, reason));
            }
        });
        state.segmentOverrides().keySet().stream().filter(s -> !segmentOverrides.containsKey(s))
                .map(Event.SegmentBudgetOverrideCleared::new).forEach(out::add);
        Set<String> frozen = frozenSegments(slos);
        frozen.stream().filter(s -> !state.frozenSegments().contains(s)).map(Event.BudgetExhausted::new).forEach(out::add);
        state.frozenSegments().stream().filter(s -> !frozen.contains(s)).map(Event.BudgetRecovered::new).forEach(out::add);
        return out;
    }

    /** Events that answer an action at once: a flag release's stable is the flag state itself. */
    public List<Event> feedback(Rollout rollout, List<Action> actions) {
        if (rollout.getSpec().release().flag() == null) {
            return List.of();
        }
        return actions.stream().filter(Action.PromoteStable.class::isInstance).map(Action.PromoteStable.class::cast)
                .map(p -> (Event) new Event.PromotionComplete(p.revision())).toList();
    }

    public String canaryVersion(Rollout rollout, RolloutState state) {
        return Optional.ofNullable(rollout.getSpec().analysis().canaryVersion())
                .orElse(rollout.getSpec().release().flag() != null ? FLAG_ENABLED : state.revision());
    }

    public String stableVersion(Rollout rollout, RolloutState state) {
        return Optional.ofNullable(rollout.getSpec().analysis().stableVersion())
                .orElse(rollout.getSpec().release().flag() != null ? FLAG_DISABLED : state.stableRevision());
    }

    private Optional<Event> canary(Rollout rollout, String revision, boolean flag) {
        if (flag) {
            var ref = rollout.getSpec().workload().deploymentRef();
            if (ref == null) {
                return Optional.of(new Event.CanaryReady(revision));
            }
            Deployment workload = client.apps().deployments().inNamespace(rollout.getMetadata().getNamespace())
                    .withName(ref.name()).get();
            return Workloads.ready(workload, null) ? Optional.of(new Event.CanaryReady(revision)) : Optional.empty();
        }
        Deployment canary = deployment(rollout, Workloads.CANARY);
        if (Workloads.canaryReady(canary, revision)) {
            return Optional.of(new Event.CanaryReady(revision));
        }
        return Workloads.failure(canary).filter(f -> Workloads.revisionOf(canary).map(revision::equals).orElse(false))
                .map(f -> new Event.CanaryFailed(revision, f));
    }

    private Deployment deployment(Rollout rollout, String track) {
        return client.apps().deployments().inNamespace(rollout.getMetadata().getNamespace())
                .withName(Workloads.deploymentName(rollout, track)).get();
    }

    private static Set<String> frozenSegments(List<ServiceLevelObjective> slos) {
        Set<String> frozen = new TreeSet<>();
        for (ServiceLevelObjective slo : slos) {
            if (slo.getStatus() != null && slo.getStatus().frozenSegments() != null && !slo.getStatus().frozenSegments().isBlank()) {
                Arrays.stream(slo.getStatus().frozenSegments().split(",")).map(String::strip)
                        .filter(s -> !s.isEmpty()).forEach(frozen::add);
            }
        }
        return frozen;
    }
}
