package dev.bulkhead.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every valid example reads into the Java API types and writes back to the same document: the types cover every
 * field the examples use, so nothing a user writes is silently dropped by the operator.
 */
class ExamplesRoundTripTest {

    private static final Map<String, Class<? extends HasMetadata>> TYPES = Map.of(
            "Segmentation", Segmentation.class,
            "Rollout", Rollout.class,
            "ServiceLevelObjective", ServiceLevelObjective.class,
            "FeatureFlag", FeatureFlag.class);

    /** YAML reads 99 as an integer where the type says 99.0: the same number. */
    private static final Comparator<JsonNode> NUMBERS_BY_VALUE = (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
            return Double.compare(a.asDouble(), b.asDouble());
        }
        return a.equals(b) ? 0 : 1;
    };

    static Stream<ExampleResources.Example> bulkheadExamples() throws Exception {
        return ExampleResources.valid().stream().filter(e -> TYPES.containsKey(kindOf(e)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bulkheadExamples")
    void validExampleRoundTripsThroughTheJavaTypes(ExampleResources.Example example) throws Exception {
        JsonNode original = Serialization.yamlMapper().readTree(example.yaml());
        HasMetadata typed = Serialization.yamlMapper().readValue(example.yaml(), TYPES.get(kindOf(example)));
        JsonNode written = Serialization.jsonMapper().valueToTree(typed);

        ((ObjectNode) written).remove("status");
        assertThat(written.get("spec").equals(NUMBERS_BY_VALUE, original.get("spec")))
                .as("spec written back from the Java types:%n%s%nequals the example's spec:%n%s",
                        written.get("spec").toPrettyString(), original.get("spec").toPrettyString())
                .isTrue();
        assertThat(written.get("kind")).isEqualTo(original.get("kind"));
        assertThat(written.get("apiVersion")).isEqualTo(original.get("apiVersion"));
    }

    private static String kindOf(ExampleResources.Example example) {
        try {
            return Serialization.yamlMapper().readTree(example.yaml()).path("kind").asText();
        } catch (Exception e) {
            throw new IllegalStateException(example.file() + ": " + e.getMessage(), e);
        }
    }
}
