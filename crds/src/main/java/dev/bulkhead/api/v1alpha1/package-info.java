/**
 * The Java API of the {@code bulkhead.dev/v1alpha1} resources: {@link dev.bulkhead.api.v1alpha1.Segmentation},
 * {@link dev.bulkhead.api.v1alpha1.Rollout}, {@link dev.bulkhead.api.v1alpha1.ServiceLevelObjective} and
 * {@link dev.bulkhead.api.v1alpha1.FeatureFlag}.
 *
 * <p>The CRD YAML is generated from these types by Fabric8's CRD generator during the build; every field carries
 * its description, bounds and defaults here, and rules a schema alone cannot state are CEL
 * ({@code x-kubernetes-validations}). Spec and status types are immutable records: a reconciler builds a new
 * status rather than mutating one.
 */
package dev.bulkhead.api.v1alpha1;
