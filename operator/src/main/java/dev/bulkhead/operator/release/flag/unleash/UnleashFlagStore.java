package dev.bulkhead.operator.release.flag.unleash;

import static dev.bulkhead.operator.release.flag.unleash.UnleashAdminClient.segment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import org.jboss.logging.Logger;

/**
 * {@link FlagStore} over Unleash's Admin API (OSS endpoints only; tested against unleash-server 8.2): features under
 * {@code /api/admin/projects/{project}/features}, strategies per environment, the environment's {@code on}/{@code off}
 * switch, context fields under {@code /api/admin/context}.
 */
public final class UnleashFlagStore implements FlagStore {

    private static final Logger LOG = Logger.getLogger(UnleashFlagStore.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Stickiness values Unleash knows without a context field. */
    private static final Set<String> BUILT_IN_FIELDS = Set.of("default", "userId", "sessionId", "random");

    private final UnleashAdminClient client;

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
        this.client = new UnleashAdminClient(baseUrl, token, connectTimeout, requestTimeout, listener);
    }

    @Override
    public void ensure(FlagLocation flag, String description, FlagState desired) {
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
        boolean on = environment.path("enabled").asBoolean(false);
        boolean wantOn = FlagStore.environmentShouldBeOn(desired, userStrategies);
        // Less exposure first: switch off before rewriting, delete before adding.
        if (on && !wantOn) {
            switchEnvironment(flag, false);
        }
        Set<String> wanted = new LinkedHashSet<>();
        desired.strategies().forEach(s -> wanted.add(s.title()));
        boolean deleted = !duplicates.isEmpty();
        for (JsonNode s : duplicates) {
            deleteStrategy(flag, s);
        }
        for (Map.Entry<String, JsonNode> e : managed.entrySet()) {
            if (!wanted.contains(e.getKey())) {
                deleteStrategy(flag, e.getValue());
                deleted = true;
            }
        }
        for (FlagStrategy strategy : desired.strategies()) {
            JsonNode existing = managed.get(strategy.title());
            ObjectNode body = UnleashStrategies.toUnleash(strategy);
            if (existing == null) {
                client.call("strategy.add", "POST", strategies, body, "adding strategy " + strategy.title() + " to " + flag);
            } else if (!UnleashStrategies.fromUnleash(existing).equals(Optional.of(strategy))) {
                client.call("strategy.update", "PUT", strategies + "/" + segment(existing.path("id").asText()), body,
                        "updating strategy " + strategy.title() + " of " + flag);
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
        JsonNode environment = environment(flag, feature.get());
        List<FlagStrategy> managed = new ArrayList<>();
        List<String> altered = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        int userStrategies = 0;
        for (JsonNode s : environment.path("strategies")) {
            if (!UnleashStrategies.isManaged(s)) {
                userStrategies++;
                continue;
            }
            String title = s.path("title").asText();
            Optional<FlagStrategy> parsed = UnleashStrategies.fromUnleash(s);
            if (parsed.isEmpty() || !seen.add(title)) {
                altered.add(title);
            } else {
                managed.add(parsed.get());
            }
        }
        return Optional.of(new ObservedFlag(environment.path("enabled").asBoolean(false), managed, altered,
                userStrategies));
    }

    @Override
    public void removeManagedStrategies(FlagLocation flag) {
        Optional<JsonNode> feature = feature(flag);
        if (feature.isEmpty()) {
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
        UnleashAdminClient.Response response = client.send("feature.archive", "DELETE", featurePath(flag), null);
        if (!response.ok() && response.status() != 404) {
            throw client.failure(response, "DELETE", featurePath(flag), "archiving " + flag);
        }
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
            return feature.get();
        }
        ObjectNode body = JSON.createObjectNode().put("name", flag.feature()).put("type", "release");
        if (description != null) {
            body.put("description", description);
        }
        String path = "/api/admin/projects/" + segment(flag.project()) + "/features";
        UnleashAdminClient.Response created = client.send("feature.create", "POST", path, body);
        if (created.status() == 409) {
            // The name is taken by an archived feature (Unleash keeps names unique across the archive): revive it.
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
