package dev.bulkhead.operator.release.flag.unleash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulkhead.engine.tenant.TenantBucket;
import dev.bulkhead.operator.release.flag.FlagLocation;
import dev.bulkhead.operator.release.flag.FlagState;
import dev.bulkhead.operator.release.flag.FlagStore;
import dev.bulkhead.operator.release.flag.FlagStoreException;
import dev.bulkhead.operator.release.flag.FlagStrategy;
import dev.bulkhead.testbed.TestbedExtension;
import dev.bulkhead.testbed.Unleash;
import io.getunleash.DefaultUnleash;
import io.getunleash.UnleashContext;
import io.getunleash.util.UnleashConfig;
import io.getunleash.util.UnleashScheduledExecutorImpl;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * Fault: tenant lists beyond Unleash's limits (250 values per constraint, 30 strategies per environment, 100 kB per
 * request) and requests Unleash refuses. Promise: a segment of any size Unleash can hold is written within its limits
 * and the tenants the Unleash SDK sees enabled are exactly the planned ones; one it cannot hold, or a request it
 * refuses, is a permanent rejection carrying the reason, with nothing written and nothing resent for the same state.
 *
 * <p>{@code @Isolated}: writing and evaluating 100,000 keys loads the shared Unleash and both cores for a minute; the
 * timing-sensitive rollout tests of other classes (RolloutLifecycleIT failed once beside it) run before or after.
 */
@Isolated
@ExtendWith(TestbedExtension.class)
class UnleashLimitsFaultIT {

    private static final String RUN = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(0, 6);
    private static final String KEY = "tenantId";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NAMESPACE = "limits-" + RUN;

    private static Unleash unleash;
    private static DefaultUnleash sdk;
    private static final List<String> calls = new CopyOnWriteArrayList<>();
    private static FlagStore store;

    @BeforeAll
    static void start(Unleash server) {
        unleash = server;
        store = new UnleashFlagStore(unleash.baseUrl(), unleash.adminToken(), Duration.ofSeconds(2),
                Duration.ofSeconds(30), (operation, status, elapsed) -> calls.add(operation + " " + status))
                .forNamespace(NAMESPACE);
        sdk = sdk(unleash.clientToken(), 1);
    }

    private static DefaultUnleash sdk(String clientToken, int fetchSeconds) {
        return new DefaultUnleash(UnleashConfig.builder().appName("unleash-limits-fault-it").instanceId("it")
                .unleashAPI(unleash.baseUrl() + "/api").apiKey(clientToken).fetchTogglesInterval(fetchSeconds)
                .scheduledExecutor(new UnleashScheduledExecutorImpl())
                .synchronousFetchOnInitialisation(true).disableMetrics().build());
    }

    /** A client (backend) token for {@code default:production}, created through the Admin API. */
    private static String productionClientToken() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(unleash.baseUrl() + "/api/admin/api-tokens"))
                .header("Authorization", unleash.adminToken()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"tokenName\":\"limits-" + RUN + "\",\"type\":\"client\","
                        + "\"environment\":\"production\",\"projects\":[\"default\"]}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isLessThan(300);
        return JSON.readTree(response.body()).path("secret").asText();
    }

    @AfterAll
    static void stop() {
        if (sdk != null) {
            sdk.shutdown();
        }
    }

    @Test
    void aThreeHundredTenantSegmentAndTheRestAreExposedExactlyAsPlanned() {
        FlagLocation flag = flag("s300");
        String group = flag.feature();
        List<String> paying = IntStream.range(0, 300).mapToObj(i -> String.format("paying-%04d", i)).toList();
        FlagState desired = FlagState.exposing(List.of(
                FlagStrategy.forSegment("paying", paying, 30, KEY, group),
                FlagStrategy.forDefaultSegment("rest", paying, 20, KEY, group)));

        store.ensure(flag, null, desired);

        assertThat(store.observe(flag).orElseThrow().realises(desired)).as("read back as written, no drift").isTrue();
        List<String> sample = new ArrayList<>(paying);
        sample.addAll(IntStream.range(0, 300).mapToObj(i -> "free-" + i).toList());
        sample.addAll(List.of("paying-", "paying-030", "paying-0300", "paying-00000"));
        sample.add(withBucket(group, 30, i -> "paying-boundary-" + i)); // unlisted, bucket 30: out at 20%
        sample.add(withBucket(group, 20, i -> "free-boundary-" + i));
        sample.add(withBucket(group, 21, i -> "free-boundary-" + i));
        sample.add(paying.stream().filter(t -> TenantBucket.of(group, t) == 30).findFirst().orElse(paying.get(0)));
        sample.add(paying.stream().filter(t -> TenantBucket.of(group, t) == 31).findFirst().orElse(paying.get(1)));
        Set<String> listed = Set.copyOf(paying);
        assertSdkSeesExactly(sdk, flag, sample, t -> TenantBucket.isExposed(group, t, listed.contains(t) ? 30 : 20));
    }

    /**
     * Written to the {@code production} environment and read by an SDK of its own with a client token for it: the
     * 1.2 MB of tenant keys then never reach the SDKs of other test classes, which read {@code development} every
     * second.
     */
    @Test
    void aHundredThousandTenantSegmentListedElsewhereLeavesTheRestExposedExactly() throws Exception {
        FlagLocation flag = new FlagLocation("default", "production", "limits-s100k-" + RUN);
        String group = flag.feature();
        List<String> big = IntStream.range(0, 100_000).mapToObj(i -> String.format("big-%06d", i)).toList();
        List<String> internal = List.of("staff", "qa-bot");
        List<String> listed = new ArrayList<>(big);
        listed.addAll(internal);
        FlagState desired = FlagState.exposing(List.of(
                FlagStrategy.forSegment("internal", internal, 100, KEY, group),
                FlagStrategy.forDefaultSegment("rest", listed, 50, KEY, group)));

        long started = System.nanoTime();
        store.ensure(flag, null, desired);
        long ensureMs = (System.nanoTime() - started) / 1_000_000;

        assertThat(store.observe(flag).orElseThrow().realises(desired)).as("read back as written, no drift").isTrue();
        Random random = new Random(42);
        List<String> sample = new ArrayList<>(internal);
        sample.addAll(List.of(big.get(0), big.get(big.size() - 1), "big-", "big-0", "big-09999", "big-1000000",
                "big-099999x", "BIG-000001", "stranger"));
        IntStream.range(0, 1_000).forEach(i -> sample.add(big.get(random.nextInt(big.size()))));
        IntStream.range(0, 500).forEach(i -> sample.add("other-" + random.nextInt(1_000_000)));
        sample.add(withBucket(group, 50, i -> "edge-" + i));
        sample.add(withBucket(group, 51, i -> "edge-" + i));
        Set<String> bigSet = Set.copyOf(big);
        long sdkStarted = System.nanoTime();
        DefaultUnleash production = sdk(productionClientToken(), 5);
        try {
            assertSdkSeesExactly(production, flag, sample, t -> internal.contains(t)
                    || !bigSet.contains(t) && TenantBucket.isExposed(group, t, 50));
            System.out.printf("BENCHMARK unleash-100k-not-in: rest in %d Unleash strategies, ensure %d ms, SDK view correct "
                    + "after %d ms%n", store.observe(flag).map(o -> UnleashStrategies.toUnleash(o.managed().get(1),
                    UnleashLimits.DEFAULTS).size()).orElse(-1), ensureMs, (System.nanoTime() - sdkStarted) / 1_000_000);
        } finally {
            production.shutdown();
            store.archive(flag);
        }
    }

    @Test
    void aHundredThousandTenantListedSegmentIsRefusedNamingTheLimitAndNothingIsWritten() {
        FlagLocation flag = flag("in100k");
        List<String> big = IntStream.range(0, 100_000).mapToObj(i -> String.format("big-%06d", i)).toList();

        assertThatThrownBy(() -> store.ensure(flag, null, FlagState.exposing(List.of(
                FlagStrategy.forSegment("big", big, 5, KEY, flag.feature())))))
                .isInstanceOf(FlagStoreException.class)
                .hasMessageContaining("need 400 Unleash strategies")
                .hasMessageContaining("allows 30 per environment")
                .hasMessageContaining("UNLEASH_CONSTRAINT_VALUES_LIMIT")
                .hasMessageContaining("nothing was written")
                .satisfies(e -> assertThat(((FlagStoreException) e).kind()).isEqualTo(FlagStoreException.Kind.REJECTED));
        assertThat(store.observe(flag)).as("no feature created").isEmpty();
    }

    @Test
    void aRequestUnleashRefusesIsRejectedWithItsMessageAndNotResentUntilTheStateChanges() {
        FlagLocation flag = new FlagLocation("no-such-project-" + RUN, "development", "refused-" + RUN);
        FlagState desired = FlagState.exposing(List.of(FlagStrategy.forSegment("paying", List.of("acme"), 10, KEY,
                flag.feature())));

        assertThatThrownBy(() -> store.ensure(flag, null, desired))
                .isInstanceOf(FlagStoreException.class)
                .hasMessageContaining("Unleash answered 4")
                .hasMessageContaining("no-such-project-" + RUN)
                .hasMessageContaining("sends it again when the spec changes")
                .satisfies(e -> assertThat(((FlagStoreException) e).kind()).isEqualTo(FlagStoreException.Kind.REJECTED));
        calls.clear();

        assertThatThrownBy(() -> store.ensure(flag, null, desired)).isInstanceOf(FlagStoreException.class);
        assertThat(calls).as("the same state is not sent again").isEmpty();

        FlagState changed = FlagState.exposing(List.of(FlagStrategy.forSegment("paying", List.of("acme"), 20, KEY,
                flag.feature())));
        assertThatThrownBy(() -> store.ensure(flag, null, changed)).isInstanceOf(FlagStoreException.class);
        assertThat(calls).as("a changed state is sent").isNotEmpty();
    }

    private static FlagLocation flag(String name) {
        return new FlagLocation("default", "development", "limits-" + name + "-" + RUN);
    }

    /** A tenant key (from {@code names}) whose bucket in the group is exactly {@code bucket}: a percentage boundary. */
    private static String withBucket(String group, int bucket, java.util.function.IntFunction<String> names) {
        return IntStream.range(0, 100_000).mapToObj(names).filter(t -> TenantBucket.of(group, t) == bucket).findFirst()
                .orElseThrow();
    }

    /** Waits for the SDK's next fetch, then checks every sampled tenant through the SDK's own evaluation. */
    private static void assertSdkSeesExactly(DefaultUnleash sdk, FlagLocation flag, List<String> sample,
            Predicate<String> planned) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            List<String> wrong = sample.stream().filter(t -> enabled(sdk, flag, t) != planned.test(t)).limit(10)
                    .toList();
            assertThat(wrong).as("tenants whose SDK view differs from the plan").isEmpty();
        });
        assertThat(sample.stream().filter(planned)).as("the sample has exposed tenants").isNotEmpty();
        assertThat(sample.stream().filter(planned.negate())).as("and unexposed ones").isNotEmpty();
    }

    private static boolean enabled(DefaultUnleash sdk, FlagLocation flag, String tenant) {
        return sdk.isEnabled(flag.feature(), UnleashContext.builder().addProperty(KEY, tenant).build());
    }
}
