package dev.bulkhead.operator.release.flag.unleash;

import static dev.bulkhead.operator.release.flag.unleash.UnleashAdminClient.segment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulkhead.operator.release.flag.FlagLocation;
import dev.bulkhead.operator.release.flag.FlagStoreException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Bulkhead's ownership mark on Unleash features: the tag {@code bulkhead:<namespace>}. Unleash stores a feature's tags
 * by reference to a tag that must exist ({@code feature_tag} references {@code tags}), so the tag type and the
 * namespace's tag are created first, once per process, and the feature is created with its tag in one request.
 */
final class UnleashOwnership {

    /** The tag type of the mark; the tag's value is the owning namespace. */
    static final String TAG_TYPE = "bulkhead";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final UnleashAdminClient client;
    private final AtomicBoolean tagTypeReady = new AtomicBoolean();
    private final Set<String> tagsReady = ConcurrentHashMap.newKeySet();

    UnleashOwnership(UnleashAdminClient client) {
        this.client = client;
    }

    /** The tag value marking a feature as {@code namespace}'s: the name, or a digest when outside Unleash's 2..50. */
    static String tagValue(String namespace) {
        if (namespace.length() >= 2 && namespace.length() <= 50) {
            return namespace;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(namespace.getBytes(StandardCharsets.UTF_8));
            return "ns-" + HexFormat.of().formatHex(digest).substring(0, 40);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The tag, as the {@code tags} entry of a feature creation. */
    static ObjectNode tag(String namespace) {
        return JSON.createObjectNode().put("type", TAG_TYPE).put("value", tagValue(namespace));
    }

    /** Why a namespace leaves a feature alone, with what to do. */
    static FlagStoreException notOwned(String namespace, FlagLocation flag, String how) {
        return new FlagStoreException("Unleash feature " + flag + " " + how + " and was not created by Bulkhead for "
                + "namespace " + namespace + " (it has no tag " + TAG_TYPE + ":" + tagValue(namespace) + "), so Bulkhead "
                + "changes nothing on it; choose another spec.unleash.feature, or, if the feature's owners in Unleash "
                + "agree, add that tag to it there to hand it to this namespace", 0, FlagStoreException.Kind.NOT_OWNED,
                null);
    }

    /** Whether the feature (live or archived) carries {@code namespace}'s mark. */
    boolean owns(String namespace, FlagLocation flag) {
        String path = "/api/admin/features/" + segment(flag.feature()) + "/tags";
        UnleashAdminClient.Response response = client.send("feature.tags", "GET", path, null);
        if (response.status() == 404) {
            return false;
        }
        if (!response.ok()) {
            throw client.failure(response, "GET", path, "reading the tags of " + flag);
        }
        String mark = tagValue(namespace);
        for (JsonNode tag : response.body().path("tags")) {
            if (TAG_TYPE.equals(tag.path("type").asText()) && mark.equals(tag.path("value").asText())) {
                return true;
            }
        }
        return false;
    }

    /** Creates the tag type and the namespace's tag when this process has not yet (409: they exist, fine). */
    void ensureTag(String namespace) {
        String value = tagValue(namespace);
        if (tagsReady.contains(value)) {
            return;
        }
        if (!tagTypeReady.get()) {
            ObjectNode type = JSON.createObjectNode().put("name", TAG_TYPE)
                    .put("description", "Marks features Bulkhead created; the value is the owning Kubernetes namespace");
            UnleashAdminClient.Response created = client.send("tagtype.create", "POST", "/api/admin/tag-types", type);
            if (!created.ok() && created.status() != 409
                    && !client.send("tagtype.read", "GET", "/api/admin/tag-types/" + TAG_TYPE, null).ok()) {
                throw client.failure(created, "POST", "/api/admin/tag-types", "creating tag type " + TAG_TYPE);
            }
            tagTypeReady.set(true);
        }
        UnleashAdminClient.Response created = client.send("tag.create", "POST", "/api/admin/tags", tag(namespace));
        if (!created.ok() && created.status() != 409
                && !client.send("tag.read", "GET", "/api/admin/tags/" + TAG_TYPE + "/" + segment(value), null).ok()) {
            throw client.failure(created, "POST", "/api/admin/tags", "creating tag " + TAG_TYPE + ":" + value);
        }
        tagsReady.add(value);
    }
}
