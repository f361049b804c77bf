package dev.bulkhead.engine.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import io.getunleash.DefaultUnleash;
import io.getunleash.Unleash;
import io.getunleash.UnleashContext;
import io.getunleash.util.UnleashConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our bucketing against the Unleash Java SDK's own evaluation of {@code flexibleRollout}: one flag
 * per percent 0..100, stickiness on the custom context field {@code tenantId}, the rollout's group id,
 * bootstrapped offline (no server, polling and metrics off).
 */
class UnleashAgreementTest {

    private static final String GROUP_ID = "payments/checkout";
    private static final String OTHER_GROUP_ID = "payments/ledger";
    private static final int TENANTS = 3_000;

    @TempDir
    static Path tmp;
    private static Unleash unleash;
    private static List<String> tenants;

    @BeforeAll
    static void startSdkOffline() throws Exception {
        StringBuilder features = new StringBuilder("{\"version\":2,\"features\":[");
        for (String group : List.of(GROUP_ID, OTHER_GROUP_ID)) {
            for (int p = 0; p <= 100; p++) {
                features.append("{\"name\":\"").append(flag(group, p)).append("\",\"enabled\":true,\"strategies\":[")
                        .append("{\"name\":\"flexibleRollout\",\"parameters\":{\"rollout\":\"").append(p)
                        .append("\",\"stickiness\":\"tenantId\",\"groupId\":\"").append(group).append("\"}}]},");
            }
        }
        features.setLength(features.length() - 1);
        features.append("]}");
        String bootstrap = features.toString();
        UnleashConfig config = UnleashConfig.builder()
                .appName("bulkhead-rollout-engine-test")
                .unleashAPI("http://127.0.0.1:9/api/")
                .disablePolling()
                .disableMetrics()
                .backupFile(tmp.resolve("absent-backup.json").toString())
                .toggleBootstrapProvider(() -> Optional.of(bootstrap))
                .build();
        unleash = new DefaultUnleash(config);
        Random random = new Random(20261123L);
        tenants = new ArrayList<>();
        for (int i = 0; i < TENANTS; i++) {
            tenants.add(switch (i % 4) {
                case 0 -> UUID.nameUUIDFromBytes(longBytes(random.nextLong())).toString();
                case 1 -> "tenant-" + random.nextInt(1_000_000);
                case 2 -> randomText(random, 1 + random.nextInt(24));
                default -> "ünïcødé-" + random.nextInt(10_000) + "-租户";
            });
        }
        assertThat(Files.exists(tmp)).isTrue();
    }

    @AfterAll
    static void stop() {
        unleash.shutdown();
    }

    @Test
    void agreesWithTheSdkForEveryTenantAndEveryPercent() {
        int exposedAtHalf = 0;
        for (String tenant : tenants) {
            UnleashContext context = UnleashContext.builder().addProperty("tenantId", tenant).build();
            for (int p = 0; p <= 100; p++) {
                boolean sdk = unleash.isEnabled(flag(GROUP_ID, p), context, false);
                assertThat(TenantBucket.isExposed(GROUP_ID, tenant, p))
                        .as("tenant '%s' at %d%%", tenant, p)
                        .isEqualTo(sdk);
            }
            exposedAtHalf += unleash.isEnabled(flag(GROUP_ID, 50), context, false) ? 1 : 0;
        }
        // The comparison only means something if the SDK really splits tenants.
        assertThat(exposedAtHalf).isBetween(TENANTS * 45 / 100, TENANTS * 55 / 100);
    }

    @Test
    void groupIdChangesTheBucketsLikeTheSdk() {
        int differing = 0;
        for (String tenant : tenants.subList(0, 500)) {
            UnleashContext context = UnleashContext.builder().addProperty("tenantId", tenant).build();
            for (int p : new int[] {1, 5, 25, 50, 99}) {
                boolean sdk = unleash.isEnabled(flag(OTHER_GROUP_ID, p), context, false);
                assertThat(TenantBucket.isExposed(OTHER_GROUP_ID, tenant, p)).isEqualTo(sdk);
            }
            differing += TenantBucket.of(GROUP_ID, tenant) != TenantBucket.of(OTHER_GROUP_ID, tenant) ? 1 : 0;
        }
        assertThat(differing).isGreaterThan(400);
    }

    @Test
    void theSdkExposesNobodyWithoutATenantKeySoRoutesSendSuchRequestsToStable() {
        UnleashContext anonymous = UnleashContext.builder().userId("someone").build();
        assertThat(unleash.isEnabled(flag(GROUP_ID, 100), anonymous, true)).isFalse();
    }

    private static String flag(String group, int percent) {
        return group.replace('/', '.') + ".p" + percent;
    }

    private static String randomText(Random random, int length) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.append((char) (0x21 + random.nextInt(0x5e)));
        }
        return text.toString();
    }

    private static byte[] longBytes(long value) {
        return java.nio.ByteBuffer.allocate(8).putLong(value).array();
    }
}
