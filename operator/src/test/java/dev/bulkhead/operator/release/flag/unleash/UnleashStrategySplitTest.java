package dev.bulkhead.operator.release.flag.unleash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulkhead.operator.release.flag.FlagStrategy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Splitting a tenant list across Unleash strategies and constraints keeps exactly the tenants the unsplit strategy
 * admits, and every part stays within Unleash's limits. Strategies are evaluated here by Unleash's rules (strategies
 * ORed, constraints ANDed, values of a constraint ORed); the same parts are checked through the real SDK in
 * UnleashLimitsFaultIT.
 */
class UnleashStrategySplitTest {

    private static final UnleashLimits LIMITS = UnleashLimits.DEFAULTS;

    private static List<String> tenants(String prefix, int n) {
        return IntStream.range(0, n).mapToObj(i -> prefix + String.format("%06d", i)).toList();
    }

    @Test
    void aShortListStaysOneStrategyWithTheUnsplitTitle() {
        List<ObjectNode> parts = UnleashStrategies.toUnleash(FlagStrategy.forSegment("paying", tenants("t", 250), 10,
                "tenantId", "g"), LIMITS);

        assertThat(parts).hasSize(1);
        assertThat(parts.get(0).path("title").asText()).isEqualTo("bulkhead:paying");
    }

    @Test
    void anInListOverTheValueLimitIsSplitAcrossStrategiesThatTogetherAdmitExactlyTheList() {
        List<String> listed = tenants("t", 300);
        FlagStrategy strategy = FlagStrategy.forSegment("big", listed, 40, "tenantId", "g");

        List<ObjectNode> parts = UnleashStrategies.toUnleash(strategy, LIMITS);

        assertThat(parts).extracting(p -> p.path("title").asText()).containsExactly("bulkhead:big/1", "bulkhead:big/2");
        assertWithinLimits(parts);
        assertThat(parts).allSatisfy(p -> assertThat(p.path("parameters").path("rollout").asText()).isEqualTo("40"));
        assertAdmitsExactly(parts, Set.copyOf(listed), false, probes(listed));
        assertThat(UnleashStrategies.fromUnleash(new ArrayList<>(parts), LIMITS)).contains(strategy);
    }

    @Test
    void aNotInListOverTheValueLimitIsSplitAcrossConstraintsOfOneStrategy() {
        List<String> listed = tenants("t", 1_000);
        FlagStrategy strategy = FlagStrategy.forDefaultSegment("rest", listed, 5, "tenantId", "g");

        List<ObjectNode> parts = UnleashStrategies.toUnleash(strategy, LIMITS);

        assertThat(parts).hasSize(1);
        assertThat(parts.get(0).path("constraints")).hasSize(4);
        assertWithinLimits(parts);
        assertAdmitsExactly(parts, Set.copyOf(listed), true, probes(listed));
        assertThat(UnleashStrategies.fromUnleash(new ArrayList<>(parts), LIMITS)).contains(strategy);
    }

    @Test
    void aHundredThousandTenantNotInListIsSplitByKeyPrefixWithinTheLimits() {
        List<String> listed = tenants("tenant-", 100_000);
        FlagStrategy strategy = FlagStrategy.forDefaultSegment("rest", listed, 50, "tenantId", "g");

        List<ObjectNode> parts = UnleashStrategies.toUnleash(strategy, LIMITS);

        assertThat(parts.size()).isGreaterThan(1).isLessThanOrEqualTo(LIMITS.strategiesPerEnvironment());
        assertWithinLimits(parts);
        List<String> probes = probes(listed);
        probes.addAll(List.of("tenant-", "tenant-1", "tenant-09999", "tenant-0999999", "tenant-100000", "tenant-x", ""));
        assertAdmitsExactly(parts, Set.copyOf(listed), true, probes);
        assertThat(UnleashStrategies.fromUnleash(new ArrayList<>(parts), LIMITS)).contains(strategy);
    }

    @Test
    void listedKeysThatArePrefixesOfOtherListedKeysStayExcluded() {
        List<String> listed = new ArrayList<>(tenants("a", 9_000));
        listed.addAll(List.of("a", "a00", "a0001", "b", "bb"));
        FlagStrategy strategy = FlagStrategy.forDefaultSegment("rest", listed, 100, "tenantId", "g");

        List<ObjectNode> parts = UnleashStrategies.toUnleash(strategy, LIMITS);

        assertWithinLimits(parts);
        List<String> probes = probes(listed);
        probes.addAll(List.of("a0", "a000", "a00000", "bbb", "ba", "c", "A"));
        assertAdmitsExactly(parts, Set.copyOf(listed), true, probes);
    }

    @Test
    void anInListTooLargeForTheEnvironmentIsRefusedByTheStoreNotSplitIntoMoreStrategiesThanAllowed() {
        List<ObjectNode> parts = UnleashStrategies.toUnleash(FlagStrategy.forSegment("huge", tenants("t", 100_000), 5,
                "tenantId", "g"), LIMITS);

        assertThat(parts).hasSize(400); // 100,000 / 250: the store refuses more than 30 strategies before writing
        assertWithinLimits(parts);
    }

    @Test
    void longKeysAreChunkedByTheRequestBodyNotOnlyByCount() {
        List<String> listed = IntStream.range(0, 250).mapToObj(i -> "k" + i + "-" + "x".repeat(1_000)).toList();

        List<ObjectNode> parts = UnleashStrategies.toUnleash(FlagStrategy.forSegment("long", listed, 5, "tenantId",
                "g"), LIMITS);

        assertThat(parts.size()).isGreaterThan(2);
        assertWithinLimits(parts);
    }

    @Test
    void aPartEditedByHandIsNotReadAsBulkheadsAndAMissingPartReadsAsTheTenantsMissing() {
        FlagStrategy strategy = FlagStrategy.forSegment("big", tenants("t", 600), 40, "tenantId", "g");
        List<ObjectNode> parts = UnleashStrategies.toUnleash(strategy, LIMITS);

        assertThat(UnleashStrategies.fromUnleash(new ArrayList<>(parts.subList(0, 2)), LIMITS))
                .hasValueSatisfying(s -> assertThat(s.constraint().tenants()).hasSize(500));
        parts.get(1).with("parameters").put("rollout", "100");
        assertThat(UnleashStrategies.fromUnleash(new ArrayList<>(parts), LIMITS)).isEmpty();
    }

    private static List<String> probes(List<String> listed) {
        Random random = new Random(7);
        List<String> probes = new ArrayList<>(List.of(listed.get(0), listed.get(listed.size() - 1), "unlisted", "zz"));
        for (int i = 0; i < 2_000; i++) {
            probes.add(listed.get(random.nextInt(listed.size())));
            probes.add(listed.get(random.nextInt(listed.size())) + "x");
        }
        return probes;
    }

    private static void assertWithinLimits(List<ObjectNode> parts) {
        for (ObjectNode p : parts) {
            assertThat(p.path("constraints").size()).isLessThanOrEqualTo(LIMITS.constraintsPerStrategy());
            p.path("constraints").forEach(c -> assertThat(c.path("values").size())
                    .isLessThanOrEqualTo(LIMITS.valuesPerConstraint()));
            assertThat(p.toString().getBytes(StandardCharsets.UTF_8).length).isLessThan(LIMITS.requestBytes());
        }
    }

    /** Unleash's evaluation of the constraints alone (the percentage is the same in every part). */
    private static void assertAdmitsExactly(List<ObjectNode> parts, Set<String> listed, boolean notIn,
            List<String> probes) {
        for (String t : probes) {
            boolean admitted = parts.stream().anyMatch(p -> admits(p, t));
            assertThat(admitted).as(t).isEqualTo(notIn != listed.contains(t));
        }
    }

    private static boolean admits(JsonNode strategy, String tenant) {
        for (JsonNode c : strategy.path("constraints")) {
            TreeSet<String> values = new TreeSet<>();
            c.path("values").forEach(v -> values.add(v.asText()));
            boolean match = switch (c.path("operator").asText()) {
                case "IN" -> values.contains(tenant);
                case "NOT_IN" -> !values.contains(tenant);
                case "STR_STARTS_WITH" -> values.stream().anyMatch(tenant::startsWith);
                default -> throw new AssertionError(c.toString());
            };
            if (match == c.path("inverted").asBoolean()) {
                return false;
            }
        }
        return true;
    }
}
