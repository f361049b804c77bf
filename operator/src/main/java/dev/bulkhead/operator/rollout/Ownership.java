package dev.bulkhead.operator.rollout;

import dev.bulkhead.api.v1alpha1.Rollout;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Which objects a Rollout may write: only those it created, recognised by a controller owner reference carrying the
 * Rollout's uid. A Service or Deployment of the same name that someone else made (by hand, by Helm, by another
 * Rollout) is never taken over: a server-side apply with {@code force} would silently move its fields and its
 * controller to the Rollout, and garbage collection would then delete it with the Rollout. Pure.
 */
public final class Ownership {

    private Ownership() {
    }

    /** Whether {@code object} is controlled by this very Rollout (same uid, not merely the same name). */
    public static boolean controlledBy(HasMetadata object, Rollout rollout) {
        return controller(object).map(o -> Objects.equals(o.getUid(), rollout.getMetadata().getUid())).orElse(false);
    }

    /**
     * The problem an existing object not controlled by the Rollout is: it names the object, who controls it, the
     * field that names it and what to do. Bulkhead leaves the object as it is.
     */
    public static RolloutInputs.Problem notOwned(HasMetadata existing, Rollout rollout, String field) {
        String controlledBy = controller(existing).map(o -> "controlled by " + o.getKind() + " " + o.getName())
                .orElse("controlled by nobody");
        return new RolloutInputs.Problem(RolloutConditionReasons.OBJECT_NOT_OWNED, field + ": " + existing.getKind() + " "
                + existing.getMetadata().getNamespace() + "/" + existing.getMetadata().getName() + " already exists and is "
                + controlledBy + ", not by this Rollout; Bulkhead leaves it untouched. Delete it (Bulkhead then creates its "
                + "own) or rename the Rollout or the field so it names an object Bulkhead may create");
    }

    /**
     * Whether a Service of ours already is what {@code desired} asks for, so it is not written again: the same
     * selector, ports, owner and labels (labels others added stay and do not count). The API server fills in
     * defaults (protocol, cluster IP) that the desired Service leaves out, hence the field-by-field comparison.
     */
    public static boolean sameService(Service desired, Service existing) {
        if (existing.getSpec() == null) {
            return false;
        }
        Map<String, String> labels = Optional.ofNullable(existing.getMetadata().getLabels()).orElse(Map.of());
        if (!labels.entrySet().containsAll(desired.getMetadata().getLabels().entrySet())) {
            return false;
        }
        if (!Objects.equals(desired.getSpec().getSelector(), existing.getSpec().getSelector())) {
            return false;
        }
        List<ServicePort> want = desired.getSpec().getPorts();
        List<ServicePort> have = Optional.ofNullable(existing.getSpec().getPorts()).orElse(List.of());
        if (want.size() != have.size()) {
            return false;
        }
        for (int i = 0; i < want.size(); i++) {
            ServicePort w = want.get(i);
            ServicePort h = have.get(i);
            if (!Objects.equals(w.getName(), h.getName()) || !Objects.equals(w.getPort(), h.getPort())
                    || !Objects.equals(w.getTargetPort(), h.getTargetPort())) {
                return false;
            }
        }
        return true;
    }

    private static Optional<OwnerReference> controller(HasMetadata object) {
        return Optional.ofNullable(object.getMetadata().getOwnerReferences()).orElse(List.of()).stream()
                .filter(o -> Boolean.TRUE.equals(o.getController())).findFirst();
    }
}
