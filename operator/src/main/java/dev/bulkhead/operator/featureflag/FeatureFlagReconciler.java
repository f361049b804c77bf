package dev.bulkhead.operator.featureflag;

import dev.bulkhead.api.v1alpha1.FeatureFlag;
import dev.bulkhead.api.v1alpha1.FeatureFlagStatus;
import dev.bulkhead.api.v1alpha1.Rollout;
import dev.bulkhead.operator.release.flag.FlagLocation;
import dev.bulkhead.operator.release.flag.FlagState;
import dev.bulkhead.operator.release.flag.FlagStore;
import dev.bulkhead.operator.release.flag.FlagStoreException;
import dev.bulkhead.operator.release.flag.FlagStrategy;
import dev.bulkhead.operator.release.flag.ObservedFlag;
import dev.bulkhead.operator.status.Conditions;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Keeps an Unleash feature in line with a FeatureFlag: the environment's switch, the explicit tenants at 100%, and
 * per listed segment a {@code flexibleRollout} at the segment's percent, through the {@link FlagStore} port. Unleash
 * is read every {@code resync} interval; what was changed there by hand is reported as {@code Drifted} and put back
 * in the same reconcile. Deleting the FeatureFlag archives the feature (see {@link #cleanup}).
 */
@ControllerConfiguration(name = "featureflag")
public class FeatureFlagReconciler implements Reconciler<FeatureFlag>, Cleaner<FeatureFlag> {

    private static final Logger LOG = Logger.getLogger(FeatureFlagReconciler.class);
    /** How often Unleash is read to detect drift when nothing in Kubernetes changes. */
    public static final Duration DEFAULT_RESYNC = Duration.ofSeconds(30);

    private final FlagStore flags;
    private final Clock clock;
    private final Duration resync;
    /**
     * The state this process last wrote (or found in line) per FeatureFlag uid, so that a Segmentation change is
     * not mistaken for drift. After a restart the status stands in for it: see {@link #expectedInUnleash}.
     */
    private final Map<String, Written> lastWritten = new ConcurrentHashMap<>();

    /** A state Bulkhead wrote (or found in line) at a location. */
    private record Written(FlagLocation location, FlagState state) {
    }

    public FeatureFlagReconciler(FlagStore flags, Clock clock) {
        this(flags, clock, DEFAULT_RESYNC);
    }

    /** @param resync how often Unleash is read to detect drift */
    public FeatureFlagReconciler(FlagStore flags, Clock clock, Duration resync) {
        this.flags = Objects.requireNonNull(flags);
        this.clock = Objects.requireNonNull(clock);
        this.resync = Objects.requireNonNull(resync);
    }

    @Override
    public List<EventSource<?, FeatureFlag>> prepareEventSources(EventSourceContext<FeatureFlag> context) {
        return SegmentationSources.prepare(context);
    }

    @Override
    public UpdateControl<FeatureFlag> reconcile(FeatureFlag flag, Context<FeatureFlag> context) {
        long generation = Optional.ofNullable(flag.getMetadata().getGeneration()).orElse(0L);
        SyncOutcome outcome = sync(flag, context);
        FeatureFlagStatus status = FeatureFlagStatusBuilder.statusOf(flag.getStatus(), generation, outcome,
                clock.instant());
        if (Objects.equals(status, flag.getStatus())) {
            return UpdateControl.<FeatureFlag>noUpdate().rescheduleAfter(resync);
        }
        FeatureFlag patch = new FeatureFlag();
        patch.setMetadata(flag.getMetadata());
        patch.setStatus(status);
        return UpdateControl.patchStatus(patch).rescheduleAfter(resync);
    }

    private SyncOutcome sync(FeatureFlag flag, Context<FeatureFlag> context) {
        DesiredFlag.Result result = DesiredFlag.of(flag, SegmentationSources.segmentationOf(flag, context),
                SegmentationSources.configMapReader(flag, context));
        if (result instanceof DesiredFlag.Invalid invalid) {
            return new SyncOutcome.Invalid(invalid.reason(), invalid.message());
        }
        DesiredFlag.Desired desired = (DesiredFlag.Desired) result;
        FlagLocation location = desired.location();
        FlagStore flags = this.flags.forNamespace(flag.getMetadata().getNamespace());
        try {
            Optional<ObservedFlag> observed = flags.observe(location);
            List<String> drift = expectedInUnleash(flag, desired)
                    .map(expected -> FlagDrift.between(location, observed, expected)).orElse(List.of());
            boolean inLine = observed.map(o -> o.realises(desired.state())).orElse(false);
            if (!inLine) {
                flags.ensure(location, desired.description(), desired.state());
            }
            lastWritten.put(flag.getMetadata().getUid(), new Written(location, desired.state()));
            if (!drift.isEmpty()) {
                LOG.infof("FeatureFlag %s/%s: Unleash feature %s was changed by hand, corrected: %s",
                        flag.getMetadata().getNamespace(), flag.getMetadata().getName(), location, drift);
            }
            return new SyncOutcome.Synced(summary(location, desired.state()), !inLine, drift);
        } catch (FlagStoreException e) {
            LOG.warnf("FeatureFlag %s/%s: Unleash call failed (status %d): %s", flag.getMetadata().getNamespace(),
                    flag.getMetadata().getName(), e.status(), e.getMessage());
            return new SyncOutcome.UnleashFailed(FeatureFlagReasons.of(e.kind()), e.getMessage());
        }
    }

    /**
     * What Unleash should hold if nobody touched it: the state this process last wrote, or, after a restart, the
     * desired state when the status says this generation was synced. Empty when there is nothing to compare with
     * (a new flag, or a spec change not yet written), so a first write is never reported as drift.
     */
    private Optional<FlagState> expectedInUnleash(FeatureFlag flag, DesiredFlag.Desired desired) {
        Written written = lastWritten.get(flag.getMetadata().getUid());
        if (written != null) {
            // A feature the spec now points at for the first time has nothing to drift from.
            return written.location().equals(desired.location()) ? Optional.of(written.state()) : Optional.empty();
        }
        FeatureFlagStatus status = flag.getStatus();
        boolean syncedThisGeneration = status != null
                && Objects.equals(status.observedGeneration(), flag.getMetadata().getGeneration())
                && Conditions.isTrue(status.conditions(), FeatureFlagStatusBuilder.SYNCED);
        return syncedThisGeneration ? Optional.of(desired.state()) : Optional.empty();
    }

    /**
     * Archives the feature, or, when a Rollout in the namespace releases through the same feature, removes only
     * Bulkhead's strategies so the Rollout keeps its flag. A flag that was never synced is left alone, and so is a
     * feature not marked as this namespace's (the store checks the mark, so another namespace's Rollout can never be
     * using a feature archived here). Unleash failing keeps the finalizer and retries.
     */
    @Override
    public DeleteControl cleanup(FeatureFlag flag, Context<FeatureFlag> context) {
        String uid = flag.getMetadata().getUid();
        if (flag.getStatus() == null || flag.getStatus().lastSynced() == null) {
            lastWritten.remove(uid);
            return DeleteControl.defaultDelete();
        }
        FlagLocation location = FlagLocation.of(flag.getSpec().unleash());
        FlagStore flags = this.flags.forNamespace(flag.getMetadata().getNamespace());
        try {
            if (usedByRollout(flag, location, context)) {
                flags.removeManagedStrategies(location);
            } else {
                flags.archive(location);
            }
            lastWritten.remove(uid);
            return DeleteControl.defaultDelete();
        } catch (FlagStoreException e) {
            LOG.warnf("FeatureFlag %s/%s deleted, but Unleash feature %s could not be cleaned up, retrying: %s",
                    flag.getMetadata().getNamespace(), flag.getMetadata().getName(), location, e.getMessage());
            return DeleteControl.noFinalizerRemoval().rescheduleAfter(resync);
        }
    }

    private static boolean usedByRollout(FeatureFlag flag, FlagLocation location, Context<FeatureFlag> context) {
        return context.getClient().resources(Rollout.class).inNamespace(flag.getMetadata().getNamespace()).list()
                .getItems().stream()
                .filter(r -> r.getSpec() != null && r.getSpec().release() != null && r.getSpec().release().flag() != null)
                .anyMatch(r -> FlagLocation.of(r.getSpec().release().flag()).equals(location));
    }

    private static String summary(FlagLocation location, FlagState state) {
        List<String> names = state.strategies().stream().map(FlagStrategy::title).toList();
        String strategies = names.isEmpty() ? "no Bulkhead strategy"
                : names.size() + (names.size() == 1 ? " Bulkhead strategy " : " Bulkhead strategies ") + names;
        if (!state.enabled()) {
            return "Unleash feature " + location + " is switched off (spec.enabled is false), with " + strategies;
        }
        return "Unleash feature " + location + " has " + strategies
                + (names.isEmpty() ? ": Bulkhead exposes no tenant" : "");
    }
}
