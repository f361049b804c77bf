package dev.bulkhead.operator.rollout;

import dev.bulkhead.api.v1alpha1.Rollout;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Deployments and Services a Rollout owns: {@code <name>-stable} runs the stable revision, {@code <name>-canary}
 * the revision being released (route releases only). Every pod carries its revision as a label and as the
 * environment variable {@value #REVISION_ENV}, so metrics can be labelled by version. Desired objects are pure.
 */
public final class Workloads {

    public static final String ROLLOUT_LABEL = "bulkhead.dev/rollout";
    public static final String TRACK_LABEL = "bulkhead.dev/track";
    public static final String REVISION_LABEL = "bulkhead.dev/revision";
    /** On a retired canary: when it scales to zero (RFC 3339), {@code spec.canary.scaleDownDelay} after exposure left it. */
    public static final String SCALE_DOWN_AT_ANNOTATION = "bulkhead.dev/scale-down-at";
    public static final String REVISION_ENV = "BULKHEAD_REVISION";
    public static final String STABLE = "stable";
    public static final String CANARY = "canary";

    private Workloads() {
    }

    /** The revision of a pod template: a short hash of its canonical JSON, so the same template is the same revision. */
    public static String revisionOf(PodTemplateSpec template) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(Serialization.asJson(template).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 5);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String deploymentName(Rollout rollout, String track) {
        return rollout.getMetadata().getName() + "-" + track;
    }

    /** The Deployment of one track running {@code template} as {@code revision}. */
    public static Deployment deployment(Rollout rollout, String track, PodTemplateSpec template, String revision, int replicas) {
        Map<String, String> selector = Map.of(ROLLOUT_LABEL, rollout.getMetadata().getName(), TRACK_LABEL, track);
        PodTemplateSpec pods = Serialization.clone(template);
        if (pods.getMetadata() == null) {
            pods.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMeta());
        }
        pods.getMetadata().getLabels().putAll(selector);
        pods.getMetadata().getLabels().put(REVISION_LABEL, revision);
        for (Container container : pods.getSpec().getContainers()) {
            container.getEnv().removeIf(e -> REVISION_ENV.equals(e.getName()));
            container.getEnv().add(new EnvVar(REVISION_ENV, revision, null));
        }
        return new DeploymentBuilder()
                .withNewMetadata()
                    .withName(deploymentName(rollout, track))
                    .withNamespace(rollout.getMetadata().getNamespace())
                    .addToLabels(selector)
                    .addToAnnotations(REVISION_LABEL, revision)
                    .withOwnerReferences(owner(rollout))
                .endMetadata()
                .withNewSpec()
                    .withReplicas(replicas)
                    .withNewSelector().withMatchLabels(selector).endSelector()
                    .withTemplate(pods)
                .endSpec()
                .build();
    }

    /** The Service selecting one track's pods, on {@code port}, targeting the template's first container port. */
    public static Service service(Rollout rollout, String name, String track, int port, PodTemplateSpec template) {
        int target = template.getSpec().getContainers().stream()
                .flatMap(c -> c.getPorts() == null ? java.util.stream.Stream.<ContainerPort>empty() : c.getPorts().stream())
                .map(ContainerPort::getContainerPort).findFirst().orElse(port);
        return new ServiceBuilder()
                .withNewMetadata()
                    .withName(name)
                    .withNamespace(rollout.getMetadata().getNamespace())
                    .addToLabels(ROLLOUT_LABEL, rollout.getMetadata().getName())
                    .withOwnerReferences(owner(rollout))
                .endMetadata()
                .withNewSpec()
                    .addToSelector(ROLLOUT_LABEL, rollout.getMetadata().getName())
                    .addToSelector(TRACK_LABEL, track)
                    .addNewPort().withName("http").withPort(port)
                        .withNewTargetPort(target).endPort()
                .endSpec()
                .build();
    }

    /** The revision a Deployment of ours runs, from its annotation. */
    public static Optional<String> revisionOf(Deployment deployment) {
        return Optional.ofNullable(deployment).map(d -> d.getMetadata().getAnnotations())
                .map(a -> a.get(REVISION_LABEL));
    }

    /**
     * Whether {@code deployment} runs {@code revision} with every wanted replica available: the controller has seen
     * the latest spec (observedGeneration) and reports enough available, updated replicas.
     */
    public static boolean ready(Deployment deployment, String revision) {
        if (deployment == null || deployment.getStatus() == null) {
            return false;
        }
        if (revision != null && !revisionOf(deployment).map(revision::equals).orElse(false)) {
            return false;
        }
        int wanted = Optional.ofNullable(deployment.getSpec().getReplicas()).orElse(1);
        var status = deployment.getStatus();
        return Optional.ofNullable(status.getObservedGeneration()).orElse(0L) >= deployment.getMetadata().getGeneration()
                && Optional.ofNullable(status.getUpdatedReplicas()).orElse(0) >= wanted
                && Optional.ofNullable(status.getAvailableReplicas()).orElse(0) >= wanted;
    }

    /** Whether the canary of {@code revision} can serve: ready, and not a retired canary scaled to zero. */
    public static boolean canaryReady(Deployment canary, String revision) {
        return ready(canary, revision) && Optional.ofNullable(canary.getSpec().getReplicas()).orElse(1) >= 1;
    }

    /** Whether the Deployment's rollout has failed (the progress deadline passed without progress). */
    public static Optional<String> failure(Deployment deployment) {
        if (deployment == null || deployment.getStatus() == null || deployment.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        return deployment.getStatus().getConditions().stream()
                .filter(c -> "Progressing".equals(c.getType()) && "False".equals(c.getStatus()))
                .map(c -> c.getReason() + ": " + c.getMessage()).findFirst();
    }

    static List<OwnerReference> owner(Rollout rollout) {
        return List.of(new OwnerReferenceBuilder()
                .withApiVersion(rollout.getApiVersion()).withKind(rollout.getKind())
                .withName(rollout.getMetadata().getName()).withUid(rollout.getMetadata().getUid())
                .withController(true).withBlockOwnerDeletion(true).build());
    }
}
