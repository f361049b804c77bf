package dev.bulkhead.operator.slo;

import dev.bulkhead.analysis.SegmentAnalyzer;
import dev.bulkhead.analysis.slo.SloReport;
import dev.bulkhead.analysis.source.MetricSource;
import dev.bulkhead.analysis.source.MetricSourceException;
import dev.bulkhead.api.v1alpha1.Condition;
import dev.bulkhead.api.v1alpha1.ConditionStatus;
import dev.bulkhead.api.v1alpha1.SegmentDefinition;
import dev.bulkhead.api.v1alpha1.Segmentation;
import dev.bulkhead.api.v1alpha1.ServiceLevelObjective;
import dev.bulkhead.api.v1alpha1.ServiceLevelObjectiveStatus;
import dev.bulkhead.operator.metrics.SloMetrics;
import dev.bulkhead.operator.segmentation.TenantLists;
import dev.bulkhead.operator.status.Conditions;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Keeps every ServiceLevelObjective's per-segment error budget and burn rates in its status, whether or not a
 * rollout runs, and (when the Prometheus Operator is installed) a PrometheusRule with its recording rules and
 * burn-rate alerts. Load → validate → observe → build status → patch only if changed; requeued every
 * {@code interval}. The Segmentation and its ConfigMaps are read through informers, so their changes re-evaluate
 * the SLOs that use them. The budgets are also exported as gauges ({@link SloMetrics}); the reconciler hears of
 * deletions too ({@code triggerReconcilerOnAllEvents}), only to drop a deleted SLO's gauges, which no finalizer is
 * worth.
 */
@ControllerConfiguration(name = "servicelevelobjective", triggerReconcilerOnAllEvents = true)
public class SloReconciler implements Reconciler<ServiceLevelObjective> {

    static final String SEGMENTATION_INDEX = "segmentation";

    private final Clock clock;
    private final MetricSource metrics;
    private final Duration interval;
    private final SloMetrics budgets;

    /**
     * @param metrics  where the indicators are queried (the analysis module's Prometheus client)
     * @param interval how often budgets are recomputed
     * @param budgets  where each SLO's budgets are exported as gauges
     */
    public SloReconciler(Clock clock, MetricSource metrics, Duration interval, SloMetrics budgets) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.interval = Objects.requireNonNull(interval, "interval");
        this.budgets = Objects.requireNonNull(budgets, "budgets");
    }

    /** Without exported budget gauges (they go to a registry nobody reads), for tests. */
    public SloReconciler(Clock clock, MetricSource metrics, Duration interval) {
        this(clock, metrics, interval, new SloMetrics(new SimpleMeterRegistry()));
    }

    @Override
    public List<EventSource<?, ServiceLevelObjective>> prepareEventSources(EventSourceContext<ServiceLevelObjective> context) {
        var slos = context.getPrimaryCache();
        slos.addIndexer(SEGMENTATION_INDEX, slo -> slo.getSpec() == null || slo.getSpec().segmentationRef() == null ? List.of()
                : List.of(slo.getMetadata().getNamespace() + "/" + slo.getSpec().segmentationRef().name()));
        var segmentations = new InformerEventSource<>(InformerEventSourceConfiguration.from(Segmentation.class, ServiceLevelObjective.class)
                .withNamespacesInheritedFromController()
                .withSecondaryToPrimaryMapper(s -> usersOf(context, s.getMetadata().getNamespace(), s.getMetadata().getName()))
                .build(), context);
        var configMaps = new InformerEventSource<>(InformerEventSourceConfiguration.from(ConfigMap.class, ServiceLevelObjective.class)
                .withNamespacesInheritedFromController()
                .withSecondaryToPrimaryMapper(cm -> segmentations
                        .list(cm.getMetadata().getNamespace(), s -> referencesConfigMap(s, cm.getMetadata().getName()))
                        .flatMap(s -> usersOf(context, s.getMetadata().getNamespace(), s.getMetadata().getName()).stream())
                        .collect(Collectors.toSet()))
                .build(), context);
        return List.of(segmentations, configMaps);
    }

    @Override
    public UpdateControl<ServiceLevelObjective> reconcile(ServiceLevelObjective slo, Context<ServiceLevelObjective> context) {
        if (context.isPrimaryResourceDeleted()) {
            budgets.forget(slo.getMetadata().getNamespace(), slo.getMetadata().getName());
            return UpdateControl.noUpdate();
        }
        long generation = Optional.ofNullable(slo.getMetadata().getGeneration()).orElse(0L);
        Loaded loaded = load(slo, context);
        SloStatus.Outcome outcome = loaded.invalid();
        String ruleProblem = null;
        if (loaded.mapped() != null) {
            var m = loaded.mapped();
            ruleProblem = PrometheusRuleWriter.apply(context.getClient(),
                    PrometheusRules.desired(slo, PrometheusRules.groups(m.slo(), m.segmentation()))).orElse(null);
            outcome = observe(m);
        }
        ServiceLevelObjectiveStatus status = SloStatus.of(slo.getStatus(), generation, outcome, ruleProblem, clock.instant());
        budgets.record(slo.getMetadata().getNamespace(), slo.getMetadata().getName(), status);
        if (Objects.equals(status, slo.getStatus())) {
            return UpdateControl.<ServiceLevelObjective>noUpdate().rescheduleAfter(interval);
        }
        ServiceLevelObjective patch = new ServiceLevelObjective();
        patch.setMetadata(slo.getMetadata());
        patch.setStatus(status);
        return UpdateControl.patchStatus(patch).rescheduleAfter(interval);
    }

    /** The SLO in the analysis model, or why it cannot be evaluated. */
    private record Loaded(SloMapping.Mapped mapped, SloStatus.Invalid invalid) {
        static Loaded invalid(String reason, String message) {
            return new Loaded(null, new SloStatus.Invalid(reason, message));
        }
    }

    /** Validates the SLO against its Segmentation (from the informer caches) and maps both to the analysis model. */
    private static Loaded load(ServiceLevelObjective slo, Context<ServiceLevelObjective> context) {
        String namespace = slo.getMetadata().getNamespace();
        if (slo.getSpec() == null || slo.getSpec().segmentationRef() == null || slo.getSpec().segmentationRef().name() == null) {
            return Loaded.invalid(SloReasons.SEGMENTATION_NOT_FOUND, "spec.segmentationRef.name: required; name the Segmentation "
                    + "whose segments this SLO is tracked per");
        }
        String name = slo.getSpec().segmentationRef().name();
        String field = "spec.segmentationRef.name: Segmentation " + name;
        Optional<Segmentation> segmentation = cache(context, Segmentation.class).get(new ResourceID(name, namespace));
        if (segmentation.isEmpty()) {
            return Loaded.invalid(SloReasons.SEGMENTATION_NOT_FOUND, field + " does not exist in namespace " + namespace
                    + "; create it or fix the name");
        }
        var segmentationStatus = segmentation.get().getStatus();
        if (!Conditions.isTrue(segmentationStatus == null ? null : segmentationStatus.conditions(), SloStatus.READY)) {
            return Loaded.invalid(SloReasons.SEGMENTATION_NOT_READY, field + " is not Ready" + readyMessage(segmentation.get()));
        }
        var resolved = TenantLists.resolve(segmentation.get().getSpec(), ref -> cache(context, ConfigMap.class)
                .get(new ResourceID(ref.name(), namespace)).map(ConfigMap::getData).map(data -> data.get(ref.key())));
        if (!resolved.ok()) {
            return Loaded.invalid(SloReasons.SEGMENTATION_NOT_READY, field + ": " + String.join("; ", resolved.problems()));
        }
        SloMapping.Mapped mapped = SloMapping.map(slo.getMetadata().getName(), slo.getSpec(),
                segmentation.get().getSpec().tenantLabel(), resolved.spec().segments());
        if (!mapped.ok()) {
            return Loaded.invalid(mapped.problems().get(0).reason(),
                    mapped.problems().stream().map(SloMapping.Problem::message).collect(Collectors.joining("; ")));
        }
        return new Loaded(mapped, null);
    }

    /** One evaluation with the analysis module's budget code; any failed query discards the whole evaluation. */
    private SloStatus.Outcome observe(SloMapping.Mapped mapped) {
        EvaluationSource source = new EvaluationSource(metrics);
        SloReport report = new SegmentAnalyzer(source).evaluateSlo(mapped.slo(), mapped.segmentation(), List.of(),
                clock.instant(), null);
        Optional<MetricSourceException> failure = source.failure();
        if (failure.isEmpty()) {
            return new SloStatus.Evaluated(report);
        }
        MetricSourceException e = failure.get();
        return switch (e.kind()) {
            case REJECTED -> new SloStatus.Invalid(SloReasons.QUERY_REJECTED,
                    "spec.indicators: Prometheus rejected a query built from the indicators: " + e.getMessage());
            case UNAVAILABLE -> new SloStatus.SourceFailed(SloReasons.METRIC_SOURCE_UNAVAILABLE, e.getMessage());
            case UNAUTHORIZED -> new SloStatus.SourceFailed(SloReasons.METRIC_SOURCE_UNAUTHORIZED, e.getMessage());
            case MALFORMED -> new SloStatus.SourceFailed(SloReasons.METRIC_SOURCE_MALFORMED, e.getMessage());
        };
    }

    private static Set<ResourceID> usersOf(EventSourceContext<ServiceLevelObjective> context, String namespace, String segmentation) {
        return context.getPrimaryCache().byIndex(SEGMENTATION_INDEX, namespace + "/" + segmentation).stream()
                .map(ResourceID::fromResource).collect(Collectors.toSet());
    }

    private static boolean referencesConfigMap(Segmentation segmentation, String configMap) {
        return segmentation.getSpec() != null && segmentation.getSpec().segments() != null
                && segmentation.getSpec().segments().stream().map(SegmentDefinition::tenantsFrom).filter(Objects::nonNull)
                        .anyMatch(t -> configMap.equals(t.configMapRef().name()));
    }

    private static String readyMessage(Segmentation segmentation) {
        return Optional.ofNullable(segmentation.getStatus())
                .flatMap(s -> Conditions.find(s.conditions(), SloStatus.READY))
                .filter(c -> c.status() != ConditionStatus.TRUE)
                .map(Condition::message).map(m -> ": " + m).orElse(" yet");
    }

    @SuppressWarnings("unchecked")
    private static <R extends io.fabric8.kubernetes.api.model.HasMetadata> InformerEventSource<R, ServiceLevelObjective> cache(
            Context<ServiceLevelObjective> context, Class<R> type) {
        return (InformerEventSource<R, ServiceLevelObjective>) context.eventSourceRetriever().getEventSourceFor(type);
    }
}
