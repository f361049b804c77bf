package dev.bulkhead.operator.rollout;

import dev.bulkhead.api.v1alpha1.Rollout;
import dev.bulkhead.api.v1alpha1.RolloutStatus;
import dev.bulkhead.api.v1alpha1.Segmentation;
import dev.bulkhead.api.v1alpha1.ServiceLevelObjective;
import dev.bulkhead.engine.Action;
import dev.bulkhead.engine.Decision;
import dev.bulkhead.engine.Event;
import dev.bulkhead.engine.RolloutEngine;
import dev.bulkhead.engine.lease.SegmentLeases;
import dev.bulkhead.engine.state.RolloutState;
import io.fabric8.kubernetes.api.model.apps.Deployment;
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
    private static final String DEFAULT_TENANT_HEADER = "X-Tenant-Id";

    private final Clock clock;
    private final AnalysisRound analysis;
    private final RolloutEffects effects;
    private final RolloutObservations observations;
    private final RolloutMetrics metrics;
    private final Optional<SegmentLeases> leases;
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
        // A completed look brings its rollout back at once, instead of at the next scheduled wake.
        var lookDone = new SimpleInboundEventSource<Rollout>("analysis-look-done");
        looks.onDone(lookDone::propagateEvent);
        return List.of(new InformerEventSource<>(deployments, context), new InformerEventSource<>(segmentations, context),
                new InformerEventSource<>(slos, context), lookDone);
    }

    @Override
    public UpdateControl<Rollout> reconcile(Rollout rollout, Context<Rollout> context) {
        Instant now = clock.instant();
        long generation = Optional.ofNullable(rollout.getMetadata().getGeneration()).orElse(0L);
        RolloutStatus previous = rollout.getStatus();
        EngineRecord record = EngineRecord.read(previous == null ? null : previous.engine());
        RolloutState started = record.state();

        RolloutInputs.Result inputs = RolloutInputs.read(rollout, name -> cached(context, Segmentation.class, rollout, name),
                name -> cached(context, ServiceLevelObjective.class, rollout, name), context.getClient());
        if (!inputs.ok()) {
            RolloutStatus status = RolloutStatusBuilder.build(previous, generation, record, null, inputs.problems(), List.of(),
                    Map.of(), Map.of(), SegmentBudgets.NONE, now);
            return patch(rollout, status).rescheduleAfter(RETRY_INVALID);
        }
        RolloutInputs in = inputs.inputs();
        RolloutEngine engine = new RolloutEngine(in.plan());
        String before = record.state().revision();

        Decisions decisions = new Decisions(engine, rollout, record.state(), now);
        // Leases first: a new revision whose canary is ready enters its first segment within this same reconcile.
        leasesObserved(rollout, decisions.state, context).ifPresent(decisions::apply);
        observations.events(rollout, record.state(), in.slos()).forEach(decisions::apply);
        record = record.withState(decisions.state);
        Map<String, dev.bulkhead.analysis.SegmentVerdict> verdicts = Map.of();
        Map<String, Double> canaryBurn = Map.of();
        Instant lookStarted = null;
        Optional<AnalysisExecutor.Completed> done = Optional.empty();
        if (AnalysisRound.due(record, decisions.state, in.analysis().interval(), now)) {
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
        List<RolloutInputs.Problem> problems = new ArrayList<>();

        problems.addAll(effects.applyExposure(rollout, in, state, before != null && !before.equals(state.revision()) ? before : null));
        if (!problems.isEmpty()) {
            // The exposure did not reach the flag store or the route: keep the previous record, so the status never
            // claims progress that did not happen (and a rollback is decided again next time), and retry soon.
            RolloutStatus status = RolloutStatusBuilder.build(previous, generation, EngineRecord.read(
                    previous == null ? null : previous.engine()), in.plan(), List.of(), problems, Map.of(), Map.of(), SegmentBudgets.of(in.slos()),
                    now);
            return (status.equals(previous) ? UpdateControl.<Rollout>noUpdate() : patch(rollout, status))
                    .rescheduleAfter(nextWake(in.analysis().interval(), null, now, false));
        }
        if (lookStarted != null && rolledBackNow(started, state, before)) {
            metrics.rollback(Duration.between(lookStarted, clock.instant()));
        }
        verdicts.values().stream().filter(v -> v.verdict() == dev.bulkhead.analysis.judge.Verdict.ERROR)
                .forEach(v -> problems.add(new RolloutInputs.Problem(RolloutConditionReasons.ANALYSIS_FAILING,
                        "segment " + v.segment() + ": " + v.message())));
        RolloutEffects.WorkloadOutcome workloads = effects.applyWorkloads(rollout, state, actions, now);
        problems.addAll(workloads.problems());
        effects.record(rollout, actions);
        observations.clearAction(rollout);
        log(rollout, actions);

        metrics.observe(RolloutMapping.groupId(rollout), started, state);
        RolloutStatus status = RolloutStatusBuilder.build(previous, generation, record, in.plan(), List.of(), problems,
                verdicts, canaryBurn, SegmentBudgets.of(in.slos()), now);
        Instant wake = decisions.wake;
        if (workloads.scaleDownAt() != null && (wake == null || workloads.scaleDownAt().isBefore(wake))) {
            wake = workloads.scaleDownAt();
        }
        Duration next = nextWake(in.analysis().interval(), wake, now, problems.isEmpty());
        return (status.equals(previous) ? UpdateControl.<Rollout>noUpdate() : patch(rollout, status)).rescheduleAfter(next);
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
            wake = d.wakeAt();
            observations.feedback(rollout, d.actions()).forEach(this::apply);
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

    private static UpdateControl<Rollout> patch(Rollout rollout, RolloutStatus status) {
        Rollout patch = new Rollout();
        patch.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
                .withName(rollout.getMetadata().getName()).withNamespace(rollout.getMetadata().getNamespace())
                .withResourceVersion(rollout.getMetadata().getResourceVersion()).build());
        patch.setStatus(status);
        return UpdateControl.patchStatus(patch);
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

    private static String key(String namespace, String name) {
        return namespace + "/" + name;
    }
}
