package dev.bulkhead.operator.dashboard;

import dev.bulkhead.api.v1alpha1.Rollout;
import dev.bulkhead.api.v1alpha1.ServiceLevelObjective;
import dev.bulkhead.operator.rollout.ManualActions;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/**
 * The dashboard's JSON API under {@code /api/v1alpha1}: Rollouts and SLOs of the watched namespaces, one Rollout in
 * detail, and manual actions written as the {@code bulkhead.dev/action} and {@code bulkhead.dev/actor} annotations
 * the Rollout reconciler applies and removes. Every request is checked by {@link DashboardGuard}; objects the caller
 * may not read are left out, never shown partly.
 */
@Path("/api/v1alpha1")
@Produces(MediaType.APPLICATION_JSON)
@DashboardEndpoint
public class DashboardApi {

    private static final Logger LOG = Logger.getLogger(DashboardApi.class);

    private final DashboardGuard guard;
    private final WatchedObjects objects;
    private final KubernetesClient client;

    DashboardApi(DashboardGuard guard, WatchedObjects objects, KubernetesClient client) {
        this.guard = guard;
        this.objects = objects;
        this.client = client;
    }

    /** Who the token belongs to; anonymous when anonymous reads are on and no token was sent. */
    @GET
    @Path("/whoami")
    public WhoAmI whoami(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return guard.reader(authorization)
                .map(c -> new WhoAmI(false, c.username(), c.groups()))
                .orElseGet(() -> new WhoAmI(true, null, List.of()));
    }

    @GET
    @Path("/rollouts")
    public Items<RolloutSummary> rollouts(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        Optional<Caller> reader = guard.reader(authorization);
        List<Rollout> all = objects.rollouts();
        Predicate<String> visible = readableNamespaces(reader, Access.ROLLOUTS, namespacesOf(all));
        return new Items<>(all.stream().filter(r -> visible.test(r.getMetadata().getNamespace()))
                .map(RolloutViews::summary).toList());
    }

    @GET
    @Path("/servicelevelobjectives")
    public Items<SloSummary> slos(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        Optional<Caller> reader = guard.reader(authorization);
        List<ServiceLevelObjective> all = objects.slos();
        Predicate<String> visible = readableNamespaces(reader, Access.SLOS, namespacesOf(all));
        return new Items<>(all.stream().filter(s -> visible.test(s.getMetadata().getNamespace()))
                .map(RolloutViews::slo).toList());
    }

    @GET
    @Path("/namespaces/{namespace}/rollouts/{name}")
    public RolloutDetail rollout(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @PathParam("namespace") String namespace, @PathParam("name") String name) {
        Optional<Caller> reader = guard.reader(authorization);
        guard.requireRead(reader, Access.get(Access.ROLLOUTS, namespace, name));
        Rollout rollout = objects.rollout(namespace, name).orElseThrow(() -> notFound(namespace, name));
        List<ServiceLevelObjective> slos = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        if (guard.mayRead(reader, Access.list(Access.SLOS, namespace))) {
            for (String slo : RolloutViews.sloNames(rollout)) {
                objects.slo(namespace, slo).ifPresentOrElse(slos::add,
                        () -> notes.add("ServiceLevelObjective " + slo + " does not exist; its burn rates are missing."));
            }
        } else {
            notes.add("Burn rates and budgets are hidden: you may not list servicelevelobjectives.bulkhead.dev in "
                    + namespace + ".");
        }
        return RolloutViews.detail(rollout, slos, notes);
    }

    /**
     * Asks the operator for a manual action: promote, promote-full, pause, resume, abort or retry. Needs the token in
     * the Authorization header, a JSON body, and {@code patch} on the Rollout for the token's user; the annotations
     * name that user as the actor. An action still waiting to be applied is not overwritten (409).
     */
    @POST
    @Path("/namespaces/{namespace}/rollouts/{name}/actions")
    @Consumes(MediaType.APPLICATION_JSON)
    public ActionAccepted act(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam("Origin") String origin, @Context UriInfo uri, @PathParam("namespace") String namespace,
            @PathParam("name") String name, ActionRequest request) {
        Caller caller = guard.actor(authorization, origin, uri.getRequestUri(), Access.patchRollout(namespace, name));
        String action = request == null || request.action() == null ? "" : request.action().strip();
        try {
            ManualActions.action(Map.of(ManualActions.ACTION, action, ManualActions.ACTOR, caller.username()));
        } catch (IllegalArgumentException e) {
            throw DashboardProblem.badRequest("action: '" + action + "' is not an action; use promote, promote-full,"
                    + " pause, resume, abort or retry");
        }
        Rollout rollout = objects.rollout(namespace, name).orElseThrow(() -> notFound(namespace, name));
        Map<String, String> annotations = rollout.getMetadata().getAnnotations();
        if (annotations != null && annotations.containsKey(ManualActions.ACTION)) {
            throw DashboardProblem.conflict("the operator has not applied the previous action yet ('"
                    + annotations.get(ManualActions.ACTION) + "' by " + annotations.getOrDefault(ManualActions.ACTOR, "unknown")
                    + "); try again once it is gone from the Rollout");
        }
        writeAction(rollout, action, caller.username());
        LOG.infof("rollout=%s/%s action=%s actor=%s: requested on the dashboard", namespace, name, action, caller.username());
        return new ActionAccepted(namespace, name, action, caller.username());
    }

    /** A merge patch carrying the resourceVersion read, so a concurrent change is a conflict, never overwritten. */
    private void writeAction(Rollout rollout, String action, String actor) {
        Map<String, Object> annotations = new LinkedHashMap<>();
        annotations.put(ManualActions.ACTION, action);
        // The operator records this id in status.actions with the action's effect: applied exactly once.
        annotations.put(ManualActions.ACTION_ID, java.util.UUID.randomUUID().toString());
        annotations.put(ManualActions.ACTOR, actor);
        Map<String, Object> metadata = Map.of("resourceVersion", rollout.getMetadata().getResourceVersion(),
                "annotations", annotations);
        try {
            client.resources(Rollout.class).inNamespace(rollout.getMetadata().getNamespace())
                    .withName(rollout.getMetadata().getName())
                    .patch(PatchContext.of(PatchType.JSON_MERGE), Serialization.asJson(Map.of("metadata", metadata)));
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                throw DashboardProblem.conflict("the Rollout changed while the action was written; try again");
            }
            if (e.getCode() == 404) {
                throw notFound(rollout.getMetadata().getNamespace(), rollout.getMetadata().getName());
            }
            throw DashboardProblem.unavailable("the action could not be written (" + e.getMessage() + ")");
        }
    }

    /**
     * The namespaces whose objects the reader may list. Anonymous readers (when allowed) see all. When the operator
     * watches every namespace, a cluster-wide permission is asked first, then each namespace that holds objects;
     * otherwise each watched namespace. Seeing none is a 403, so an empty list always means "nothing there".
     */
    private Predicate<String> readableNamespaces(Optional<Caller> reader, String resource, Set<String> withObjects) {
        if (reader.isEmpty()) {
            return ns -> true;
        }
        Collection<String> candidates = objects.namespaces();
        if (candidates.isEmpty()) {
            if (guard.mayRead(reader, Access.list(resource, ""))) {
                return ns -> true;
            }
            candidates = withObjects;
        }
        Set<String> readable = new TreeSet<>();
        for (String namespace : candidates) {
            if (guard.mayRead(reader, Access.list(resource, namespace))) {
                readable.add(namespace);
            }
        }
        if (readable.isEmpty()) {
            throw DashboardProblem.forbidden("user \"" + reader.get().username() + "\" may not list " + resource + "."
                    + Access.GROUP + " in any namespace the operator watches");
        }
        return readable::contains;
    }

    private static Set<String> namespacesOf(List<? extends HasMetadata> objects) {
        Set<String> namespaces = new TreeSet<>();
        objects.forEach(o -> namespaces.add(o.getMetadata().getNamespace()));
        return namespaces;
    }

    private static DashboardProblem notFound(String namespace, String name) {
        return DashboardProblem.notFound("no Rollout " + name + " in namespace " + namespace
                + " among the namespaces the operator watches");
    }

    /** A list response; an object so fields can be added without breaking clients. */
    public record Items<T>(List<T> items) {
    }

    /** The body of an action request: {@code {"action": "promote"}}. */
    public record ActionRequest(String action) {
    }

    /** What was written: the action and the reviewed user recorded as its actor. */
    public record ActionAccepted(String namespace, String name, String action, String actor) {
    }

    /** The caller as the API server knows them. */
    public record WhoAmI(boolean anonymous, String username, List<String> groups) {
    }
}
