package dev.bulkhead.operator.release.flag.unleash;

import static dev.bulkhead.operator.release.flag.unleash.UnleashAdminClient.segment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulkhead.operator.release.flag.FlagAccess;
import dev.bulkhead.operator.release.flag.FlagLocation;
import dev.bulkhead.operator.release.flag.FlagState;
import dev.bulkhead.operator.release.flag.FlagStore;
import dev.bulkhead.operator.release.flag.FlagStoreException;
import dev.bulkhead.operator.release.flag.FlagStrategy;
import dev.bulkhead.operator.release.flag.ObservedFlag;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * {@link FlagStore} over Unleash's Admin API (OSS endpoints only; tested against unleash-server 8.2): features under
 * {@code /api/admin/projects/{project}/features}, strategies per environment, the environment's {@code on}/{@code off}
 * switch, context fields under {@code /api/admin/context}.
 *
 * <p><b>Ownership mark.</b> A feature Bulkhead creates carries the tag {@code bulkhead:<namespace>} (set in the creating
 * request, so no feature exists unmarked; see {@link UnleashOwnership}); a namespace's view writes only to features with
 * its own tag. To hand a feature made by hand to Bulkhead, add the tag in Unleash.
 *
 * <p><b>Limits.</b> Strategies are split within the limits Unleash reports ({@link UnleashLimits}, read once every
 * {@link #LIMITS_REFRESH}); a state that cannot fit is refused before anything is written. A request Unleash refuses with
 * a 4xx (or one refused for its limits) is not sent again for the same flag and state for {@link #REJECTION_HOLD}: a
 * changed spec is a new state and is sent at once.
 */
public final class UnleashFlagStore implements FlagStore {

    private static final Logger LOG = Logger.getLogger(UnleashFlagStore.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Stickiness values Unleash knows without a context field. */
    private static final Set<String> BUILT_IN_FIELDS = Set.of("default", "userId", "sessionId", "random");
    /** How long a refused request is not repeated for an unchanged state. */
    static final Duration REJECTION_HOLD = Duration.ofMinutes(5);
    /** How long the limits read from Unleash are trusted. */
    static final Duration LIMITS_REFRESH = Duration.ofMinutes(10);

    private final UnleashAdminClient client;
    private final FlagAccess access;
    private final Shared shared;
    /** The namespace this view writes for; null for the unscoped store, which only reads. */
    private final String owner;

    /** State shared by the store and its namespace views. */
    private static final class Shared {
        final Map<String, Rejection> rejections = new ConcurrentHashMap<>();
        final UnleashOwnership ownership;
        volatile UnleashLimits limits;
        volatile long limitsReadAt;

        Shared(UnleashAdminClient client) {
            this.ownership = new UnleashOwnership(client);
        }
    }

    private record Rejection(String description, FlagState desired, FlagStoreException failure, long atNanos) {
    }

    /**
     * @param baseUrl        Unleash's base URL, e.g. {@code http://unleash:4242} (the Admin API is under
     *                       {@code /api/admin})
     * @param token          an admin token or a personal access token, sent as the raw {@code Authorization} header
     * @param connectTimeout how long to wait for a connection
     * @param requestTimeout how long to wait for each answer
     */
    public UnleashFlagStore(URI baseUrl, String token, Duration connectTimeout, Duration requestTimeout) {
        this(baseUrl, token, connectTimeout, requestTimeout, UnleashCallListener.NONE);
    }

    /** As above, telling {@code listener} about every call (latency and failure metrics). */
    public UnleashFlagStore(URI baseUrl, String token, Duration connectTimeout, Duration requestTimeout,
            UnleashCallListener listener) {
        this(baseUrl, token, connectTimeout, requestTimeout, listener, FlagAccess.allowAll());
    }

    /** As above, with the projects and environments each namespace may use. */
    public UnleashFlagStore(URI baseUrl, String token, Duration connectTimeout, Duration requestTimeout,
            UnleashCallListener listener, FlagAccess access) {
        this(new UnleashAdminClient(baseUrl, token, connectTimeout, requestTimeout, listener), access, null);
    }

    private UnleashFlagStore(UnleashAdminClient client, FlagAccess access, String owner) {
        this(client, access, new Shared(client), owner);
    }

    private UnleashFlagStore(UnleashAdminClient client, FlagAccess access, Shared shared, String owner) {
        this.client = client;
        this.access = access;
        this.shared = shared;
        this.owner = owner;
    }

    @Override
    public FlagStore forNamespace(String namespace) {
        return new UnleashFlagStore(client, access, shared, java.util.Objects.requireNonNull(namespace));
    }

    @Override
    public void ensure(FlagLocation flag, String description, FlagState desired) {
        String namespace = requireOwner("ensure");
        Optional<String> refusal = access.refusal(namespace, flag);
        if (refusal.isPresent()) {
            throw new FlagStoreException(refusal.get(), 0, FlagStoreException.Kind.NOT_ALLOWED, null);
        }
        String key = namespace + "|" + flag;
        Rejection last = shared.rejections.get(key);
        if (last != null && last.desired().equals(desired) && java.util.Objects.equals(last.description(), description)
                && System.nanoTime() - last.atNanos() < REJECTION_HOLD.toNanos()) {
            throw last.failure();
        }
        try {
            write(flag, description, desired);
            shared.rejections.remove(key);
        } catch (FlagStoreException e) {
            if (e.kind() != FlagStoreException.Kind.REJECTED) {
                throw e;
            }
            FlagStoreException held = new FlagStoreException(e.getMessage() + " (Bulkhead sends it again when the spec "
                    + "changes, or in " + REJECTION_HOLD.toMinutes() + " min)", e.status(), e.kind(), null);
            shared.rejections.put(key, new Rejection(description, desired, held, System.nanoTime()));
            throw held;
        }
    }

    private void write(FlagLocation flag, String description, FlagState desired) {
        UnleashLimits limits = limits();
        Map<String, ObjectNode> parts = new LinkedHashMap<>();
        for (FlagStrategy strategy : desired.strategies()) {
            try {
                UnleashStrategies.toUnleash(strategy, limits).forEach(b -> parts.put(b.path("title").asText(), b));
            } catch (UnleashStrategies.TooLarge e) {
                throw new FlagStoreException(flag + ": " + e.getMessage() + "; nothing was written", 0,
                        FlagStoreException.Kind.REJECTED, null);
            }
        }
        if (parts.size() > limits.strategiesPerEnvironment()) {
            throw tooManyStrategies(flag, parts.size(), 0, limits);
        }
        ensureContextFields(desired);
        JsonNode environment = environment(flag, featureOrCreate(flag, description));
        String strategies = strategiesPath(flag);
        Map<String, JsonNode> managed = new LinkedHashMap<>();
        List<JsonNode> duplicates = new ArrayList<>();
        int userStrategies = 0;
        for (JsonNode s : environment.path("strategies")) {
            if (!UnleashStrategies.isManaged(s)) {
                userStrategies++;
            } else if (managed.putIfAbsent(s.path("title").asText(), s) != null) {
                duplicates.add(s);
            }
        }
        if (parts.size() + userStrategies > limits.strategiesPerEnvironment()) {
            throw tooManyStrategies(flag, parts.size(), userStrategies, limits);
        }
        boolean on = environment.path("enabled").asBoolean(false);
        boolean wantOn = FlagStore.environmentShouldBeOn(desired, userStrategies);
        // Less exposure first: switch off before rewriting, delete before adding (which also keeps the environment
        // under Unleash's strategy limit while a split changes its number of parts).
        if (on && !wantOn) {
            switchEnvironment(flag, false);
        }
        boolean deleted = !duplicates.isEmpty();
        for (JsonNode s : duplicates) {
            deleteStrategy(flag, s);
        }
        for (Map.Entry<String, JsonNode> e : managed.entrySet()) {
            if (!parts.containsKey(e.getKey())) {
                deleteStrategy(flag, e.getValue());
                deleted = true;
            }
        }
        for (Map.Entry<String, ObjectNode> part : parts.entrySet()) {
            JsonNode existing = managed.get(part.getKey());
            if (existing == null) {
                client.call("strategy.add", "POST", strategies, part.getValue(), "adding strategy " + part.getKey()
                        + " to " + flag);
            } else if (!UnleashStrategies.normalize(existing).equals(UnleashStrategies.normalize(part.getValue()))) {
                client.call("strategy.update", "PUT", strategies + "/" + segment(existing.path("id").asText()),
                        part.getValue(), "updating strategy " + part.getKey() + " of " + flag);
            }
        }
        // Unleash switches an environment off when its last strategy is deleted, so replacing every strategy (the
        // per-segment ones by "released" at promotion) leaves it off although it was on: read it again then.
        if (wantOn && (!on || deleted && !environment(flag, feature(flag).orElseThrow()).path("enabled").asBoolean(false))) {
            switchEnvironment(flag, true);
        }
    }

    @Override
    public Optional<ObservedFlag> observe(FlagLocation flag) {
        Optional<JsonNode> feature = feature(flag);
        if (feature.isEmpty()) {
            return Optional.empty();
        }
        if (owner != null && !owned(flag)) {
            throw notOwned(flag, "exists");
        }
        JsonNode environment = environment(flag, feature.get());
        Map<String, List<JsonNode>> parts = new LinkedHashMap<>();
        int userStrategies = 0;
        for (JsonNode s : environment.path("strategies")) {
            if (!UnleashStrategies.isManaged(s)) {
                userStrategies++;
                continue;
            }
            parts.computeIfAbsent(UnleashStrategies.nameOf(s), n -> new ArrayList<>()).add(s);
        }
        UnleashLimits limits = limits();
        List<FlagStrategy> managed = new ArrayList<>();
        List<String> altered = new ArrayList<>();
        for (Map.Entry<String, List<JsonNode>> e : parts.entrySet()) {
            Set<String> titles = new java.util.HashSet<>();
            boolean unique = e.getValue().stream().allMatch(s -> titles.add(s.path("title").asText()));
            Optional<FlagStrategy> parsed = unique ? UnleashStrategies.fromUnleash(e.getValue(), limits) : Optional.empty();
            if (parsed.isPresent()) {
                managed.add(parsed.get());
            } else {
                altered.add(FlagStrategy.TITLE_PREFIX + e.getKey());
            }
        }
        return Optional.of(new ObservedFlag(environment.path("enabled").asBoolean(false), managed, altered,
                userStrategies));
    }

    @Override
    public void removeManagedStrategies(FlagLocation flag) {
        requireOwner("removeManagedStrategies");
        Optional<JsonNode> feature = feature(flag);
        if (feature.isEmpty()) {
            return;
        }
        if (!owned(flag)) {
            // Bulkhead never wrote to a feature that is not marked as this namespace's: nothing of its to take back.
            LOG.debugf("Unleash feature %s is not marked as namespace %s's: its strategies are left alone", flag, owner);
            return;
        }
        JsonNode environment = findEnvironment(feature.get(), flag);
        if (environment == null) {
            return;
        }
        List<JsonNode> managed = new ArrayList<>();
        int userStrategies = 0;
        for (JsonNode s : environment.path("strategies")) {
            if (UnleashStrategies.isManaged(s)) {
                managed.add(s);
            } else {
                userStrategies++;
            }
        }
        // With no user strategy left the environment must go off (an enabled environment without strategies is on
        // for everyone); doing it first stops the exposure with one call.
        if (userStrategies == 0 && environment.path("enabled").asBoolean(false)) {
            switchEnvironment(flag, false);
        }
        for (JsonNode s : managed) {
            deleteStrategy(flag, s);
        }
    }

    @Override
    public void archive(FlagLocation flag) {
        String namespace = requireOwner("archive");
        if (access.refusal(namespace, flag).isPresent() || feature(flag).isEmpty()) {
            return;
        }
        if (!owned(flag)) {
            LOG.infof("Unleash feature %s is not marked as namespace %s's: it is not archived", flag, namespace);
            return;
        }
        UnleashAdminClient.Response response = client.send("feature.archive", "DELETE", featurePath(flag), null);
        if (!response.ok() && response.status() != 404) {
            throw client.failure(response, "DELETE", featurePath(flag), "archiving " + flag);
        }
    }

    // ---- ownership and limits

    private static FlagStoreException tooManyStrategies(FlagLocation flag, int needed, int userStrategies,
            UnleashLimits limits) {
        return new FlagStoreException(flag + ": the tenant lists need " + needed + " Unleash strategies"
                + (userStrategies > 0 ? " beside " + userStrategies + " of users" : "") + ", and Unleash allows "
                + limits.strategiesPerEnvironment() + " per environment with " + limits.valuesPerConstraint()
                + " values per constraint (a listed segment takes one strategy per " + limits.valuesPerConstraint()
                + " tenants); raise UNLEASH_CONSTRAINT_VALUES_LIMIT or UNLEASH_FEATURE_ENVIRONMENT_STRATEGIES_LIMIT on "
                + "the Unleash server, or list fewer tenants (see Unleash's limits in docs/feature-flags.md); nothing was "
                + "written", 0, FlagStoreException.Kind.REJECTED, null);
    }

    private String requireOwner(String call) {
        if (owner == null) {
            throw new IllegalStateException(call + " writes for a namespace: call it on forNamespace(namespace)");
        }
        return owner;
    }

    private boolean owned(FlagLocation flag) {
        return shared.ownership.owns(owner, flag);
    }

    private FlagStoreException notOwned(FlagLocation flag, String how) {
        return UnleashOwnership.notOwned(owner, flag, how);
    }

    /** The limits Unleash reports, or its defaults when it does not say (older servers, a token without access). */
    private UnleashLimits limits() {
        UnleashLimits limits = shared.limits;
        if (limits != null && System.nanoTime() - shared.limitsReadAt < LIMITS_REFRESH.toNanos()) {
            return limits;
        }
        UnleashAdminClient.Response response = client.send("limits.read", "GET", "/api/admin/ui-config", null);
        if (response.ok() && response.body().has("resourceLimits")) {
            limits = UnleashLimits.of(response.body().path("resourceLimits"));
        } else if (response.status() == 0 || response.status() >= 500) {
            throw client.failure(response, "GET", "/api/admin/ui-config", "reading Unleash's limits");
        } else {
            limits = UnleashLimits.DEFAULTS;
        }
        shared.limits = limits;
        shared.limitsReadAt = System.nanoTime();
        return limits;
    }

    // ---- features and environments

    private Optional<JsonNode> feature(FlagLocation flag) {
        UnleashAdminClient.Response response = client.send("feature.read", "GET", featurePath(flag), null);
        if (response.status() == 404) {
            return Optional.empty();
        }
        if (!response.ok()) {
            throw client.failure(response, "GET", featurePath(flag), "reading " + flag);
        }
        return Optional.of(response.body());
    }

    private JsonNode featureOrCreate(FlagLocation flag, String description) {
        Optional<JsonNode> feature = feature(flag);
        if (feature.isPresent()) {
            if (!owned(flag)) {
                throw notOwned(flag, "exists");
            }
            return feature.get();
        }
        shared.ownership.ensureTag(owner);
        ObjectNode body = JSON.createObjectNode().put("name", flag.feature()).put("type", "release");
        if (description != null) {
            body.put("description", description);
        }
        body.putArray("tags").add(UnleashOwnership.tag(owner));
        String path = "/api/admin/projects/" + segment(flag.project()) + "/features";
        UnleashAdminClient.Response created = client.send("feature.create", "POST", path, body);
        if (created.status() == 409) {
            // The name is taken by an archived feature (Unleash keeps names unique across the archive): revive it
            // when it is this namespace's, never someone else's.
            if (!owned(flag)) {
                throw notOwned(flag, "is archived");
            }
            LOG.infof("Unleash feature %s is archived, reviving it", flag);
            client.call("feature.revive", "POST", "/api/admin/projects/" + segment(flag.project()) + "/revive",
                    JSON.createObjectNode().set("features", JSON.createArrayNode().add(flag.feature())),
                    "reviving archived feature " + flag);
        } else if (!created.ok()) {
            throw client.failure(created, "POST", path, "creating " + flag);
        }
        return feature(flag).orElseThrow(() -> new FlagStoreException("Unleash feature " + flag
                + " is still missing after it was created", 404));
    }

    private static JsonNode findEnvironment(JsonNode feature, FlagLocation flag) {
        for (JsonNode e : feature.path("environments")) {
            if (flag.environment().equals(e.path("name").asText())) {
                return e;
            }
        }
        return null;
    }

    private static JsonNode environment(FlagLocation flag, JsonNode feature) {
        JsonNode environment = findEnvironment(feature, flag);
        if (environment == null) {
            List<String> names = new ArrayList<>();
            feature.path("environments").forEach(e -> names.add(e.path("name").asText()));
            throw new FlagStoreException("Unleash feature " + flag + " has no environment '" + flag.environment()
                    + "' (project " + flag.project() + " has " + names + "); fix spec.unleash.environment or enable "
                    + "the environment for the project", 404);
        }
        return environment;
    }

    private void switchEnvironment(FlagLocation flag, boolean on) {
        String path = featurePath(flag) + "/environments/" + segment(flag.environment()) + (on ? "/on" : "/off");
        client.call(on ? "environment.on" : "environment.off", "POST", path, null,
                "switching " + flag + (on ? " on" : " off"));
    }

    private void deleteStrategy(FlagLocation flag, JsonNode strategy) {
        String path = strategiesPath(flag) + "/" + segment(strategy.path("id").asText());
        UnleashAdminClient.Response response = client.send("strategy.delete", "DELETE", path, null);
        if (!response.ok() && response.status() != 404) {
            throw client.failure(response, "DELETE", path, "removing strategy " + strategy.path("title").asText()
                    + " from " + flag);
        }
    }

    /** Creates the context fields the strategies hash or constrain on (the tenant key), marked usable as stickiness. */
    private void ensureContextFields(FlagState desired) {
        Set<String> fields = new LinkedHashSet<>();
        for (FlagStrategy s : desired.strategies()) {
            fields.add(s.stickiness());
            if (s.constraint() != null) {
                fields.add(s.constraint().contextName());
            }
        }
        fields.removeAll(BUILT_IN_FIELDS);
        for (String field : fields) {
            String path = "/api/admin/context/" + segment(field);
            UnleashAdminClient.Response existing = client.send("context.read", "GET", path, null);
            if (existing.ok()) {
                continue;
            }
            if (existing.status() != 404) {
                throw client.failure(existing, "GET", path, "reading context field " + field);
            }
            ObjectNode body = JSON.createObjectNode().put("name", field)
                    .put("description", "Tenant key; written by Bulkhead").put("stickiness", true);
            UnleashAdminClient.Response created = client.send("context.create", "POST", "/api/admin/context", body);
            if (!created.ok() && created.status() != 409) { // 409: created concurrently, fine
                throw client.failure(created, "POST", "/api/admin/context", "creating context field " + field);
            }
        }
    }

    private static String featurePath(FlagLocation flag) {
        return "/api/admin/projects/" + segment(flag.project()) + "/features/" + segment(flag.feature());
    }

    private static String strategiesPath(FlagLocation flag) {
        return featurePath(flag) + "/environments/" + segment(flag.environment()) + "/strategies";
    }
}
