package dev.bulkhead.operator.release.flag.unleash;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulkhead.operator.release.flag.FlagStrategy;
import java.util.List;
import org.junit.jupiter.api.Test;

class UnleashStrategiesTest {

    private static ObjectNode one(FlagStrategy strategy) {
        List<ObjectNode> parts = UnleashStrategies.toUnleash(strategy);
        assertThat(parts).hasSize(1);
        return parts.get(0);
    }

    private static final FlagStrategy PAYING = FlagStrategy.forSegment("paying", List.of("globex", "acme"), 10,
            "tenantId", "rollout-web-7f3a");

    @Test
    void writesAFlexibleRolloutConstrainedToTheSegmentsTenants() {
        ObjectNode body = one(PAYING);

        assertThat(body.path("name").asText()).isEqualTo("flexibleRollout");
        assertThat(body.path("title").asText()).isEqualTo("bulkhead:paying");
        assertThat(body.path("parameters").path("rollout").asText()).isEqualTo("10");
        assertThat(body.path("parameters").path("stickiness").asText()).isEqualTo("tenantId");
        assertThat(body.path("parameters").path("groupId").asText()).isEqualTo("rollout-web-7f3a");
        assertThat(body.path("constraints").get(0).path("operator").asText()).isEqualTo("IN");
        assertThat(body.path("constraints").get(0).path("values")).extracting(v -> v.asText())
                .containsExactly("acme", "globex");
    }

    @Test
    void readsBackWhatItWrote() {
        assertThat(UnleashStrategies.fromUnleash(one(PAYING))).contains(PAYING);
        FlagStrategy everyone = FlagStrategy.forDefaultSegment("rest", List.of(), 100, "tenantId", "g");
        assertThat(UnleashStrategies.fromUnleash(one(everyone))).contains(everyone);
    }

    @Test
    void doesNotReadAManagedStrategyChangedByHand() {
        ObjectNode inverted = one(PAYING);
        ((ObjectNode) inverted.path("constraints").get(0)).put("inverted", true);
        ObjectNode extraConstraint = one(PAYING);
        extraConstraint.withArray("constraints").addObject().put("contextName", "region").put("operator", "IN")
                .putArray("values").add("eu");
        ObjectNode disabled = one(PAYING).put("disabled", true);
        ObjectNode otherType = one(PAYING).put("name", "default");

        assertThat(List.of(inverted, extraConstraint, disabled, otherType))
                .allSatisfy(s -> assertThat(UnleashStrategies.fromUnleash(s)).isEmpty());
    }

    @Test
    void onlyTheTitlePrefixMarksAStrategyAsBulkheads() {
        assertThat(UnleashStrategies.isManaged(one(PAYING))).isTrue();
        assertThat(UnleashStrategies.isManaged(one(PAYING).put("title", "paying"))).isFalse();
        assertThat(UnleashStrategies.isManaged(one(PAYING).putNull("title"))).isFalse();
    }
}
