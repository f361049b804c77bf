package dev.bulkhead.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/resources.md is generated from the CRD schemas (their field descriptions, types, defaults and bounds), so the
 * reference cannot disagree with what the API server enforces. Refresh it with
 * {@code ./mvnw -pl crds verify -Dbulkhead.docs.update=true}.
 */
class ResourceReferenceTest {

    private static final Path CRDS = Path.of(System.getProperty("bulkhead.crds.committed", "generated"));
    private static final Path DOC = Path.of(System.getProperty("bulkhead.docs", "../docs")).resolve("resources.md");
    private static final List<String> ORDER = List.of("Segmentation", "Rollout", "ServiceLevelObjective", "FeatureFlag");

    @Test
    void theResourceReferenceIsGeneratedFromTheCurrentSchemas() throws IOException {
        String generated = render();
        if (Boolean.getBoolean("bulkhead.docs.update")) {
            Files.writeString(DOC, generated);
        }
        assertThat(Files.exists(DOC) ? Files.readString(DOC) : "")
                .as("docs/resources.md is stale; run ./mvnw -pl crds verify -Dbulkhead.docs.update=true")
                .isEqualTo(generated);
    }

    static String render() throws IOException {
        StringBuilder out = new StringBuilder("""
                # Resource reference

                Generated from the CRD schemas in `crds/generated/` by `ResourceReferenceTest`; do not edit by hand.
                All resources are in API group `bulkhead.dev`, version `v1alpha1`, and namespaced. Durations are written
                like `30s`, `5m`, `1h30m`, `30d`. Rules the schema alone cannot state are CEL validations, listed
                under each object; `crds/policies/` adds the cross-object check that every segment a Rollout or
                FeatureFlag names exists in its Segmentation.
                """);
        try (Stream<Path> files = Files.list(CRDS)) {
            List<JsonNode> crds = files.sorted().map(ResourceReferenceTest::read).toList();
            for (String kind : ORDER) {
                JsonNode crd = crds.stream().filter(c -> kind.equals(c.path("spec").path("names").path("kind").asText()))
                        .findFirst().orElseThrow();
                JsonNode names = crd.path("spec").path("names");
                out.append("\n## ").append(kind).append("\n\n");
                out.append("Short names: `").append(names.path("shortNames").get(0).asText()).append("`; category `bulkhead`.\n");
                JsonNode schema = crd.path("spec").path("versions").get(0).path("schema").path("openAPIV3Schema");
                for (String part : List.of("spec", "status")) {
                    out.append("\n### ").append(kind).append(".").append(part).append("\n\n");
                    out.append("| field | type | default | description |\n| --- | --- | --- | --- |\n");
                    fields(schema.path("properties").path(part), part, out);
                    rules(schema.path("properties").path(part), part, out);
                }
            }
        }
        return out.toString();
    }

    private static void fields(JsonNode node, String path, StringBuilder out) {
        Iterator<Map.Entry<String, JsonNode>> props = node.path("properties").fields();
        while (props.hasNext()) {
            Map.Entry<String, JsonNode> p = props.next();
            String field = path + "." + p.getKey();
            JsonNode schema = p.getValue();
            if (field.endsWith(".template")) {
                out.append("| `").append(field).append("` | object | | a Kubernetes pod template (PodTemplateSpec). ")
                        .append(cell(schema.path("description").asText())).append(" |\n");
                continue;
            }
            out.append("| `").append(field).append("` | ").append(type(schema)).append(" | ")
                    .append(schema.has("default") ? "`" + schema.get("default").toString().replace("\"", "") + "`" : "")
                    .append(" | ").append(cell(schema.path("description").asText())).append(bounds(schema)).append(" |\n");
            if (schema.path("properties").size() > 0) {
                fields(schema, field, out);
            } else if (schema.path("items").path("properties").size() > 0) {
                fields(schema.path("items"), field + "[]", out);
            }
        }
    }

    private static void rules(JsonNode node, String path, StringBuilder out) {
        collectRules(node, path, out, true);
    }

    private static boolean collectRules(JsonNode node, String path, StringBuilder out, boolean first) {
        for (JsonNode rule : node.path("x-kubernetes-validations")) {
            if (first) {
                out.append("\nValidation rules:\n\n");
                first = false;
            }
            out.append("- `").append(path).append("`: ").append(rule.path("message").asText()).append('\n');
        }
        Iterator<Map.Entry<String, JsonNode>> props = node.path("properties").fields();
        while (props.hasNext()) {
            Map.Entry<String, JsonNode> p = props.next();
            if (!p.getKey().equals("template")) {
                first = collectRules(p.getValue(), path + "." + p.getKey(), out, first);
            }
        }
        if (node.has("items")) {
            first = collectRules(node.get("items"), path + "[]", out, first);
        }
        return first;
    }

    private static String type(JsonNode schema) {
        if (schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false) && !schema.has("type")) {
            return "any";
        }
        String type = schema.path("type").asText("any");
        if ("array".equals(type)) {
            return "array of " + type(schema.path("items"));
        }
        if (schema.has("enum")) {
            StringBuilder values = new StringBuilder();
            schema.get("enum").forEach(v -> values.append(values.length() == 0 ? "" : " \\| ").append(v.asText()));
            return "enum: " + values;
        }
        return type;
    }

    private static String bounds(JsonNode s) {
        StringBuilder b = new StringBuilder();
        if (s.has("minimum")) {
            b.append(" Minimum ").append(s.get("minimum").asText()).append('.');
        }
        if (s.has("maximum")) {
            b.append(" Maximum ").append(s.get("maximum").asText()).append('.');
        }
        if (s.has("maxItems")) {
            b.append(" At most ").append(s.get("maxItems").asText()).append(" items.");
        }
        if (s.has("pattern")) {
            b.append(" Pattern `").append(s.get("pattern").asText().replace("|", "\\|")).append("`.");
        }
        return b.toString();
    }

    private static String cell(String text) {
        return text.replace("\n", " ").replace("|", "\\|");
    }

    private static JsonNode read(Path file) {
        try {
            return Serialization.yamlMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
