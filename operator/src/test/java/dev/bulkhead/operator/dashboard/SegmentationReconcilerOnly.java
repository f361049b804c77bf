package dev.bulkhead.operator.dashboard;

import dev.bulkhead.operator.Reconcilers;
import dev.bulkhead.operator.segmentation.SegmentationReconciler;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.List;

/**
 * The dashboard tests run the real operator application with the Segmentation reconciler only: the Rollout reconciler
 * would rewrite the captured status the tests install and would apply (and remove) the action annotations the tests
 * assert were written. How the reconciler applies those annotations is tested with it (the rollout package).
 */
@Alternative
@Singleton
public class SegmentationReconcilerOnly {

    @Produces
    @Singleton
    Reconcilers reconcilers(Clock clock) {
        return new Reconcilers(List.of(new SegmentationReconciler(clock)));
    }
}
