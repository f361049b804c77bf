package dev.bulkhead.operator.release.route.gatewayapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Identifies an HTTPRoute rule by its content, so Bulkhead can recognise the rules it wrote: the standard channel of
 * Gateway API v1.3 has no rule names. Keys are sorted and null or empty values dropped, so a rule read back from the
 * API server has the fingerprint it was written with as long as the writer spelled out every defaulted field.
 */
final class RuleFingerprint {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RuleFingerprint() {
    }

    /** SHA-256 of the rule's canonical JSON, first 16 hex digits (collisions are irrelevant at 16 rules a route). */
    static String of(HTTPRouteRule rule) {
        JsonNode canonical = canonical(JSON.valueToTree(rule));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(JSON.writeValueAsString(canonical).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException | JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode canonical(JsonNode node) {
        if (node.isObject()) {
            ObjectNode sorted = JSON.createObjectNode();
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            names.sort(null);
            for (String name : names) {
                JsonNode value = canonical(node.get(name));
                if (!isEmpty(value)) {
                    sorted.set(name, value);
                }
            }
            return sorted;
        }
        if (node.isArray()) {
            ArrayNode array = JSON.createArrayNode();
            node.forEach(element -> array.add(canonical(element)));
            return array;
        }
        return node;
    }

    private static boolean isEmpty(JsonNode value) {
        return value == null || value.isNull() || (value.isContainerNode() && value.isEmpty());
    }
}
