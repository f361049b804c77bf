package dev.bulkhead.operator.rollout;

import dev.bulkhead.api.v1alpha1.AppliedAction;
import dev.bulkhead.api.v1alpha1.OwedNotification;
import dev.bulkhead.api.v1alpha1.Rollout;
import dev.bulkhead.api.v1alpha1.RolloutStatus;
import dev.bulkhead.api.v1alpha1.Segmentation;
import dev.bulkhead.api.v1alpha1.ServiceLevelObjective;
import dev.bulkhead.engine.Action;
import dev.bulkhead.engine.Decision;
import dev.bulkhead.engine.Event;
import dev.bulkhead.engine.RolloutEngine;
import dev.bulkhead.engine.RolloutReasons;
import dev.bulkhead.engine.lease.SegmentLeases;
import dev.bulkhead.engine.state.RolloutState;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import dev.bulkhead.operator.metrics.RolloutMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Reconciles a Rollout: load its inputs → observe (revision, canary readiness, manual actions, budgets, analysis)
 * → let the engine decide, one event at a time → apply exposure, workloads and Events → write status when it
 * changed. Everything the next reconcile needs is in the status, so a restarted operator resumes where it was.
 */
@ControllerConfiguration(name = "rollout")
public class RolloutReconciler implements Reconciler<Rollout>, Cleaner<Rollout> {

    private static final Logger LOG = Logger.getLogger(RolloutReconciler.class);
    private static final String BY_SEGMENTATION = "segmentation";
    private static final String BY_SLO = "slo";
    private static final Duration RETRY_INVALID = Duration.ofSeconds(30);
    private static final Duration RETRY_CLEANUP = Duration.ofSeconds(10);
    private static final Duration RETRY_CONFLICT = Duration.ofMillis(300);
    private static final String DEFAULT_TENANT_HEADER = "X-Tenant-Id";

    private final Clock clock;
    private final AnalysisRound analysis;
    private final RolloutEffects effects;
    private final RolloutObservations observations;
    private final RolloutMetrics metrics;
    private final Optional<SegmentLeases> leases;
    private final RolloutWrites writes;
    private final AnalysisExecutor looks;

    /**
     * @param leases the limit on rollouts exposing one segment at once, or empty for none
     * @param looks  where analysis looks run, off the reconcile threads
     */
    public RolloutReconciler(Clock clock, AnalysisRound analysis, RolloutEffects effects, RolloutObservations observations,
            RolloutMetrics metrics, Optional<SegmentLeases> leases, AnalysisExecutor looks) {
        this.clock = clock;
        this.analysis = analysis;
        this.effects = effects;
        this.observations = observations;
        this.metrics = metrics;
        this.leases = leases;
        this.writes = effects.writes();
        this.looks = looks;
    }

    public RolloutReconciler(Clock clock, AnalysisRound analysis, RolloutEffects effects, RolloutObservations observations,
            RolloutMetrics metrics, Optional<SegmentLeases> leases) {
        this(clock, analysis, effects, observations, metrics, leases, new AnalysisExecutor(2, clock));
    }

    public RolloutReconciler(Clock clock, AnalysisRound analysis, RolloutEffects effects, RolloutObservations observations,
            RolloutMetrics metrics) {
        this(clock, analysis, effects, observations, metrics, Optional.empty());
    }

    /** Without exported domain metrics (they go to a registry nobody reads), for tests. */
    public RolloutReconciler(Clock clock, AnalysisRound analysis, RolloutEffects effects, RolloutObservations observations) {
        this(clock, analysis, effects, observations, new RolloutMetrics(new SimpleMeterRegistry()));
    }

    @Override
    public List<EventSource<?, Rollout>> prepareEventSources(EventSourceContext<Rollout> context) {
        var cache = context.getPrimaryCache();
        cache.addIndexer(BY_SEGMENTATION, r -> List.of(key(r.getMetadata().getNamespace(), r.getSpec().segmentationRef().name())));
        cache.addIndexer(BY_SLO, r -> r.getSpec().analysis().sloRefs().stream()
                .map(ref -> key(r.getMetadata().getNamespace(), ref.name())).toList());
        var deployments = InformerEventSourceConfiguration.from(Deployment.class, Rollout.class)
                .withNamespacesInheritedFromController().withLabelSelector(Workloads.ROLLOUT_LABEL).build();
        var segmentations = InformerEventSourceConfiguration.from(Segmentation.class, Rollout.class)
                .withNamespacesInheritedFromController()
                .withSecondaryToPrimaryMapper(s -> referencing(cache, BY_SEGMENTATION, s)).build();
        var slos = InformerEventSourceConfiguration.from(ServiceLevelObjective.class, Rollout.class)
                .withNamespacesInheritedFromController()
                .withSecondaryToPrimaryMapper(s -> referencing(cache, BY_SLO, s)).build();
        // Annotations do not change the generation, so the controller's own events skip them: this source wakes the
        // Rollout when an action is set, so it is applied at once rather than at the next scheduled reconcile.
        var actions = InformerEventSourceConfiguration.from(Rollout.class, Rollout.class).withName("rollout-actions")
                .withNamespacesInheritedFromController()
                .withOnAddFilter(r -> action(r) != null)
                .withOnUpdateFilter((now, was) -> action(now) != null && !java.util.Objects.equals(action(now), action(was)))
                .withSecondaryToPrimaryMapper(r -> java.util.Set.of(ResourceID.fromResource(r))).build();
        // A completed look brings its rollout back at once, instead of at the next scheduled wake.
        var lookDone = new SimpleInboundEventSource<Rollout>("analysis-look-done");
        looks.onDone(lookDone::propagateEvent);
        return List.of(new InformerEventSource<>(deployments, context), new InformerEventSource<>(segmentations, context),
                new InformerEventSource<>(slos, context), new InformerEventSource<>(actions, context), lookDone);
    }

    @Override
    public UpdateControl<Rollout> reconcile(Rollout rollout, Context<Rollout> context) {
        try {
            return reconcileDurably(rollout, context);
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
            // Someone (a person, the plugin, the other writes of this reconcile) changed the Rollout since it was read:
            // nothing this reconcile decided is in status yet, so it is decided again from what is there now.
            LOG.debugf("rollout=%s/%s changed while it was reconciled (409); deciding again", rollout.getMetadata().getNamespace(),
                    rollout.getMetadata().getName());
            return UpdateControl.<Rollout>noUpdate().rescheduleAfter(RETRY_CONFLICT);
        }
    }

    private UpdateControl<Rollout> reconcileDurably(Rollout cachedRollout, Context<Rollout> context) {
        // Decided from the API server's copy, not the informer's: the cache can lag behind this operator's own last write,
        // and a decision from a stale status would re-apply exposure that a withdrawal just took away.
        Rollout rollout = writes.fresh(cachedRollout);
        if (rollout == null) {
            return UpdateControl.noUpdate();
        }
        Instant now = clock.instant();
        long generation = Optional.ofNullable(rollout.getMetadata().getGeneration()).orElse(0L);
        ManualActions.Request request = ManualActions.request(rollout.getMetadata().getAnnotations(), consumedActions(rollout));
        if (request instanceof ManualActions.Unnumbered) {
            rollout = writes.numberAction(rollout, ManualActions.id(rollout.getMetadata().getUid(),
                    rollout.getMetadata().getResourceVersion(), "action"));
            request = ManualActions.request(rollout.getMetadata().getAnnotations(), consumedActions(rollout));
        }
        if (request instanceof ManualActions.Replay replay) {
            rollout = writes.clearAction(rollout, replay.id()); // applied before; only the annotations were left
        }
        ManualActions.Pending pending = request instanceof ManualActions.Pending p ? p : null;
        RolloutStatus previous = rollout.getStatus();
        EngineRecord record = EngineRecord.read(previous == null ? null : previous.engine());
        RolloutState started = record.state();

        Rollout read = rollout;
        RolloutInputs.Result inputs = RolloutInputs.read(read, name -> cached(context, Segmentation.class, read, name),
                name -> cached(context, ServiceLevelObjective.class, read, name), context.getClient());
        List<RolloutInputs.Problem> unresolved = inputs.ok() ? effects.foreignObjects(rollout) : inputs.problems();
        if (!unresolved.isEmpty()) {
            RolloutStatus status = RolloutStatusBuilder.build(previous, generation, record, null, unresolved, List.of(),
                    Map.of(), Map.of(), SegmentBudgets.NONE, now);
            if (InputsHold.holdsExposure(record.state())) {
                status = InputsHold.mark(status, record.state(), unresolved, generation, now);
                if (!InputsHold.alreadyHeld(previous)) {
                    effects.warn(rollout, RolloutConditionReasons.HELD_INPUTS_MISSING, InputsHold.message(record.state(), unresolved));
                }
            }
            finish(rollout, status, null);
            return UpdateControl.<Rollout>noUpdate().rescheduleAfter(RETRY_INVALID);
        }
        RolloutInputs in = inputs.inputs();
        RolloutEngine engine = new RolloutEngine(in.plan());
        String before = record.state().revision();

        Decisions decisions = new Decisions(engine, rollout, record.state(), now);
        // Leases first: a new revision whose canary is ready enters its first segment within this same reconcile.
        leasesObserved(rollout, decisions.state, context).ifPresent(decisions::apply);
        observations.events(rollout, record.state(), in.slos()).forEach(decisions::apply);
        String actionOutcome = pending == null ? null : decisions.applyAction(pending);
        record = record.withState(decisions.state);
        Map<String, dev.bulkhead.analysis.SegmentVerdict> verdicts = Map.of();
        Map<String, Double> canaryBurn = Map.of();
        Instant lookStarted = null;
        Optional<AnalysisExecutor.Completed> done = Optional.empty();
        // An action never waits behind a look: the look is collected or started by the next reconcile, which follows at once.
        if (pending == null && AnalysisRound.due(record, decisions.state, in.analysis().interval(), now)) {
            // The look runs on the analysis pool; its outcome is taken by a later reconcile, and only if the rollout
            // is still where the look started from.
            EngineRecord from = record;
            String canary = observations.canaryVersion(rollout, decisions.state);
            String stable = observations.stableVersion(rollout, decisions.state);
            var baked = engine.bakedSegments(decisions.state, now);
            done = looks.collectOrStart(ResourceID.fromResource(rollout), AnalysisExecutor.Ticket.of(generation, from), () -> {
                Instant lookStart = clock.instant();
                AnalysisRound.Outcome outcome = analysis.run(in, from, canary, stable, baked, now);
                metrics.analysis(Duration.between(lookStart, clock.instant()));
                return outcome;
            });
        }
        if (done.isPresent()) {
            lookStarted = done.get().startedAt();
            AnalysisRound.Outcome look = done.get().outcome();
            verdicts = look.verdicts();
            canaryBurn = look.canaryBurnRates();
            verdicts.values().forEach(v -> metrics.verdict(v.segment(), v.verdict().name()));
            look.events().forEach(decisions::apply);
            record = look.record();
        }
        decisions.apply(new Event.Tick());
        RolloutState state = decisions.state;
        List<Action> actions = decisions.actions;
        record = record.withState(state);
        List<AppliedAction> consumed = pending == null ? consumedActions(rollout) : ManualActions.consumed(consumedActions(rollout),
                new AppliedAction(pending.id(), pending.word(), pending.actor(), now.toString(), actionOutcome));
        List<OwedNotification> owed = Outbox.owed(outbox(rollout), rollout, decisions.notices, now);
        List<RolloutInputs.Problem> problems = new ArrayList<>();
        String superseded = before != null && !before.equals(state.revision()) ? before : null;

        if (Exposures.withdraws(started, state)) {
            // Durable before effective: the withdrawal (and the action or verdict that decided it) is in status before any
            // tenant is moved, so a crash or a conflict from here on resumes the withdrawal and never re-exposes anyone.
            rollout = writes.status(rollout, RolloutStatusBuilder.build(previous, generation, record, in.plan(), List.of(),
                    List.of(), verdicts, canaryBurn, SegmentBudgets.of(in.slos()), now).withBookkeeping(consumed, owed));
            previous = rollout.getStatus();
            problems.addAll(effects.applyExposure(rollout, in, state, superseded));
        } else {
            problems.addAll(effects.applyExposure(rollout, in, state, superseded));
            if (!problems.isEmpty()) {
                // More exposure did not reach the flag store or the route: keep the previous record, so the status never
                // claims progress that did not happen; an action stays unconsumed and is decided again; retry soon.
                RolloutStatus status = RolloutStatusBuilder.build(previous, generation, EngineRecord.read(
                        previous == null ? null : previous.engine()), in.plan(), List.of(), problems, Map.of(), Map.of(),
                        SegmentBudgets.of(in.slos()), now);
                finish(rollout, status, null);
                return UpdateControl.<Rollout>noUpdate().rescheduleAfter(nextWake(in.analysis().interval(), null, now, false));
            }
        }
        if (lookStarted != null && rolledBackNow(started, state, before)) {
            metrics.rollback(Duration.between(lookStarted, clock.instant()));
        }
        problems.addAll(analysisProblems(verdicts, state));
        RolloutEffects.WorkloadOutcome workloads = effects.applyWorkloads(rollout, state, actions, now);
        problems.addAll(workloads.problems());
        log(rollout, actions);

        metrics.observe(RolloutMapping.groupId(rollout), started, state);
        RolloutStatus status = RolloutStatusBuilder.build(previous, generation, record, in.plan(), List.of(), problems,
                verdicts, canaryBurn, SegmentBudgets.of(in.slos()), now).withBookkeeping(consumed, owed);
        finish(rollout, status, pending);
        Instant wake = decisions.wake;
        if (workloads.scaleDownAt() != null && (wake == null || workloads.scaleDownAt().isBefore(wake))) {
            wake = workloads.scaleDownAt();
        }
        Duration next = nextWake(in.analysis().interval(), wake, now, problems.isEmpty());
        return UpdateControl.<Rollout>noUpdate().rescheduleAfter(next);
    }

    /**
     * Writes the status when it changed, then removes the consumed action's annotations (status records its id, so a
     * replay is recognised), then delivers the outbox and writes what is still owed.
     */
    private void finish(Rollout rollout, RolloutStatus status, ManualActions.Pending consumed) {
        if (!status.equals(rollout.getStatus())) {
            rollout = writes.status(rollout, status);
        }
        if (consumed != null) {
            rollout = writes.clearAction(rollout, consumed.id());
        }
        List<OwedNotification> owed = outbox(rollout);
        if (!owed.isEmpty()) {
            List<OwedNotification> left = writes.deliver(rollout, owed);
            if (left.size() != owed.size()) {
                writes.status(rollout, rollout.getStatus().withBookkeeping(rollout.getStatus().actions(), left));
            }
        }
    }

    /**
     * The analysis cannot judge: this look's errors, and between looks the segments the engine holds for missing
     * evidence, so the Degraded condition stays while the hold lasts instead of flickering with each look.
     */
    private static List<RolloutInputs.Problem> analysisProblems(Map<String, dev.bulkhead.analysis.SegmentVerdict> verdicts,
            RolloutState state) {
        List<RolloutInputs.Problem> problems = new ArrayList<>();
        verdicts.values().stream().filter(v -> v.verdict() == dev.bulkhead.analysis.judge.Verdict.ERROR)
                .forEach(v -> problems.add(new RolloutInputs.Problem(RolloutConditionReasons.ANALYSIS_FAILING,
                        "segment " + v.segment() + ": " + v.message())));
        if (verdicts.isEmpty()) {
            state.segments().stream().filter(s -> s.exposed() && s.lastVerdict() == dev.bulkhead.engine.state.Verdict.ERROR)
                    .forEach(s -> problems.add(new RolloutInputs.Problem(RolloutConditionReasons.ANALYSIS_FAILING,
                            "segment " + s.segment() + ": the analysis has failed " + s.errorCount() + " looks in a row since "
                                    + s.errorSince() + "; the rollout holds (no new exposure, no promotion, nothing pulled back)")));
        }
        return problems;
    }

    private static List<AppliedAction> consumedActions(Rollout rollout) {
        return rollout.getStatus() == null || rollout.getStatus().actions() == null ? List.of() : rollout.getStatus().actions();
    }

    private static List<OwedNotification> outbox(Rollout rollout) {
        return rollout.getStatus() == null || rollout.getStatus().outbox() == null ? List.of() : rollout.getStatus().outbox();
    }

    /**
     * The finalizer: before a Rollout goes, its exposure is withdrawn (routes back to stable, flag strategies removed
     * unless released). While that fails (Unleash down, the route refused) the Rollout stays, with a Warning Event
     * saying why; removing the finalizer {@code rollouts.bulkhead.dev/finalizer} by hand skips the cleanup.
     */
    @Override
    public DeleteControl cleanup(Rollout rollout, Context<Rollout> context) {
        RolloutStatus status = rollout.getStatus();
        RolloutState state = EngineRecord.read(status == null ? null : status.engine()).state();
        String header = cached(context, Segmentation.class, rollout, rollout.getSpec().segmentationRef().name())
                .map(s -> s.getSpec().tenantHeader()).orElse(DEFAULT_TENANT_HEADER);
        List<RolloutInputs.Problem> problems = effects.withdraw(rollout, state, header == null ? DEFAULT_TENANT_HEADER : header);
        if (problems.isEmpty()) {
            looks.forget(ResourceID.fromResource(rollout));
            metrics.forget(RolloutMapping.groupId(rollout)); // a deleted rollout is in no phase
            LOG.infof("rollout=%s/%s deleted in phase %s with stable %s: Bulkhead's exposure withdrawn",
                    rollout.getMetadata().getNamespace(), rollout.getMetadata().getName(), state.phase(),
                    state.stableRevision());
            return DeleteControl.defaultDelete();
        }
        String why = problems.stream().map(RolloutInputs.Problem::message).collect(Collectors.joining("; "));
        effects.warn(rollout, RolloutConditionReasons.CLEANUP_PENDING, "the Rollout is kept until its exposure is withdrawn: "
                + why + " (retrying every " + RETRY_CLEANUP.toSeconds() + "s)");
        return DeleteControl.noFinalizerRemoval().rescheduleAfter(RETRY_CLEANUP);
    }

    /**
     * The segments other rollouts of the same Segmentation already expose up to the limit, from their status in the
     * informer cache (so a rollout's own view of the others is at most one event old). Only a change is an event.
     */
    private Optional<Event> leasesObserved(Rollout rollout, RolloutState state, Context<Rollout> context) {
        if (leases.isEmpty()) {
            return Optional.empty();
        }
        List<SegmentLeases.Holder> others = context.getPrimaryCache().list().map(RolloutReconciler::holder)
                .flatMap(Optional::stream).toList();
        java.util.Set<String> leased = leases.get().leasedElsewhere(new SegmentLeases.Holder(
                rollout.getMetadata().getNamespace(), rollout.getMetadata().getName(),
                rollout.getSpec().segmentationRef().name(), java.util.Set.copyOf(state.exposedSegments())), others);
        return leased.equals(state.segmentsLeasedElsewhere()) ? Optional.empty()
                : Optional.of(new Event.LeasesObserved(leased));
    }

    private static Optional<SegmentLeases.Holder> holder(Rollout other) {
        if (other.getMetadata().getDeletionTimestamp() != null) {
            return Optional.empty(); // being deleted: its exposure is being withdrawn
        }
        try {
            RolloutState state = EngineRecord.read(other.getStatus() == null ? null : other.getStatus().engine()).state();
            return Optional.of(SegmentLeases.Holder.of(other.getMetadata().getNamespace(), other.getMetadata().getName(),
                    other.getSpec().segmentationRef().name(), state));
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // its own reconcile reports the unreadable status
        }
    }

    /** Feeds events to the engine one at a time, answering actions that complete at once (see feedback). */
    private final class Decisions {
        private final RolloutEngine engine;
        private final Rollout rollout;
        private final Instant now;
        private RolloutState state;
        private final List<Action> actions = new ArrayList<>();
        private final List<Action.Notify> notices = new ArrayList<>();
        private Instant wake;

        Decisions(RolloutEngine engine, Rollout rollout, RolloutState state, Instant now) {
            this.engine = engine;
            this.rollout = rollout;
            this.state = state;
            this.now = now;
        }

        void apply(Event event) {
            Decision d = engine.decide(state, event, now);
            state = d.state();
            actions.addAll(d.actions());
            d.actions(Action.Notify.class).forEach(notices::add);
            wake = d.wakeAt();
            observations.feedback(rollout, d.actions()).forEach(this::apply);
        }

        /** Applies a manual action; returns what it did, for {@code status.actions}. */
        String applyAction(ManualActions.Pending action) {
            if (action.event().isEmpty()) {
                notices.add(new Action.Notify(true, RolloutConditionReasons.INVALID_ACTION, action.invalid()));
                return "refused: " + action.invalid();
            }
            int mark = actions.size();
            apply(action.event().get());
            return actions.subList(mark, actions.size()).stream().filter(Action.Notify.class::isInstance)
                    .map(Action.Notify.class::cast).filter(n -> RolloutReasons.COMMAND_NOT_APPLICABLE.equals(n.reason()))
                    .map(Action.Notify::message).findFirst()
                    .orElse("applied: phase " + RolloutStatusBuilder.phaseOf(state.phase()) + " (" + state.reason() + ")");
        }
    }

    /** Whether this reconcile withdrew a segment's exposure after a failing verdict (same revision as before). */
    private static boolean rolledBackNow(RolloutState before, RolloutState after, String revisionBefore) {
        return after.revision() != null && after.revision().equals(revisionBefore) && after.segments().stream().anyMatch(
                s -> s.status() == dev.bulkhead.engine.state.SegmentStatus.ROLLED_BACK && before.segment(s.segment())
                        .map(b -> b.status() != dev.bulkhead.engine.state.SegmentStatus.ROLLED_BACK).orElse(true));
    }

    private static Duration nextWake(Duration interval, Instant wake, Instant now, boolean healthy) {
        Duration next = healthy ? interval : Duration.ofSeconds(Math.min(10, interval.toSeconds()));
        if (wake != null && wake.isAfter(now) && Duration.between(now, wake).compareTo(next) < 0) {
            next = Duration.between(now, wake);
        }
        return next.isNegative() || next.isZero() ? Duration.ofMillis(200) : next;
    }

    private static void log(Rollout rollout, List<Action> actions) {
        for (Action action : actions) {
            if (action instanceof Action.RecordHistory h) {
                LOG.infof("rollout=%s/%s segment=%s revision=%s phase=%s reason=%s: %s", rollout.getMetadata().getNamespace(),
                        rollout.getMetadata().getName(), h.entry().segment(), h.entry().revision(), h.entry().phase(),
                        h.entry().reason(), h.entry().message());
            }
        }
    }

    private static <R extends io.fabric8.kubernetes.api.model.HasMetadata> Optional<R> cached(Context<Rollout> context,
            Class<R> type, Rollout rollout, String name) {
        @SuppressWarnings("unchecked")
        InformerEventSource<R, Rollout> source = (InformerEventSource<R, Rollout>) context.eventSourceRetriever().getEventSourceFor(type);
        return source.get(new ResourceID(name, rollout.getMetadata().getNamespace()));
    }

    private static java.util.Set<ResourceID> referencing(io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache<Rollout> cache,
            String index, io.fabric8.kubernetes.api.model.HasMetadata secondary) {
        return cache.byIndex(index, key(secondary.getMetadata().getNamespace(), secondary.getMetadata().getName()))
                .stream().map(ResourceID::fromResource).collect(Collectors.toSet());
    }

    /** The pending action request (word and id), or null. */
    private static String action(Rollout rollout) {
        var a = rollout.getMetadata().getAnnotations();
        return a == null || !a.containsKey(ManualActions.ACTION) ? null
                : a.get(ManualActions.ACTION) + "#" + a.getOrDefault(ManualActions.ACTION_ID, "");
    }

    private static String key(String namespace, String name) {
        return namespace + "/" + name;
    }
}
