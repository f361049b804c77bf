package dev.bulkhead.operator;

import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import java.util.List;

/** The reconcilers the operator runs, built by {@link OperatorProducer} with their collaborators. */
public record Reconcilers(List<Reconciler<?>> all) {
}
