package dev.bulkhead.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.StreamSupport;

/** The output of {@code helm template}: every document, and the raw text of each source file helm printed. */
final class Rendered {

    static final ObjectMapper YAML = new YAMLMapper();

    private final String text;
    private final List<JsonNode> objects = new ArrayList<>();
    private final Map<String, String> sources = new LinkedHashMap<>();

    Rendered(String text) {
        this.text = text;
        try {
            for (JsonNode doc : YAML.readerFor(JsonNode.class).<JsonNode>readValues(text).readAll()) {
                if (doc != null && doc.isObject() && doc.has("kind")) {
                    objects.add(doc);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("helm template printed YAML that does not parse:\n" + text, e);
        }
        // helm prints "---\n# Source: <chart>/<path>\n<file>" per file (and per document of a template).
        for (String chunk : text.split("(?m)^---\\n")) {
            if (chunk.startsWith("# Source: ")) {
                int eol = chunk.indexOf('\n');
                sources.merge(chunk.substring("# Source: ".length(), eol), chunk.substring(eol + 1), (a, b) -> a + "---\n" + b);
            }
        }
    }

    static Rendered of(HelmCli.Result result) {
        return new Rendered(result.orFail("helm template").out());
    }

    String text() {
        return text;
    }

    List<JsonNode> objects() {
        return objects;
    }

    /** The raw text helm printed for one chart file, e.g. {@code bulkhead/crds/rollouts.bulkhead.dev-v1.yml}. */
    Map<String, String> sources() {
        return sources;
    }

    List<JsonNode> all(String kind) {
        return objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
    }

    /** The names of the rendered objects of {@code kind}, in the order helm printed them. */
    List<String> names(String kind) {
        return all(kind).stream().map(o -> o.path("metadata").path("name").asText()).toList();
    }

    Optional<JsonNode> find(String kind, String name) {
        return all(kind).stream().filter(o -> name.equals(o.path("metadata").path("name").asText())).findFirst();
    }

    JsonNode get(String kind, String name) {
        return find(kind, name).orElseThrow(() -> new AssertionError("no " + kind + " " + name + " rendered; kinds: "
                + objects.stream().map(o -> o.path("kind").asText() + "/" + o.path("metadata").path("name").asText()).toList()));
    }

    /** The operator container of the Deployment. */
    JsonNode operatorContainer(String deployment) {
        return StreamSupport.stream(get("Deployment", deployment).path("spec").path("template").path("spec")
                .path("containers").spliterator(), false).filter(c -> "operator".equals(c.path("name").asText()))
                .findFirst().orElseThrow();
    }

    /** The container's env as name → entry (value or valueFrom). */
    Map<String, JsonNode> env(String deployment) {
        Map<String, JsonNode> env = new LinkedHashMap<>();
        operatorContainer(deployment).path("env").forEach(e -> env.put(e.path("name").asText(), e));
        return env;
    }

    /** A copy of every object, as a JSON tree the Kubernetes client can load. */
    List<ObjectNode> copies() {
        return objects.stream().map(o -> (ObjectNode) o.deepCopy()).toList();
    }
}
