package dev.bulkhead.engine.tenant;

import java.nio.charset.StandardCharsets;
import org.apache.commons.codec.digest.MurmurHash3;

/**
 * The bucket (1..100) of a tenant inside one rollout, bit-for-bit Unleash's gradual-rollout
 * normalisation: {@code murmur3_x86_32(groupId + ":" + tenant, seed 0)} read as an unsigned 32-bit
 * number, modulo 100, plus one. A tenant is exposed at {@code percent} when its bucket is at most
 * {@code percent}, so a route and a {@code flexibleRollout} flag with the same group id and percent
 * expose the same tenants (Unleash {@code StrategyUtils.getNormalizedNumber}; see
 * {@code notes/anchors-flags-slo.md} A1).
 */
public final class TenantBucket {

    /** Unleash's seed for strategy normalisation (variants use another seed). */
    static final int UNLEASH_STRATEGY_SEED = 0;

    private TenantBucket() {
    }

    /** The tenant's bucket, 1..100, for the rollout's group id. */
    public static int of(String groupId, String tenant) {
        byte[] key = (groupId + ":" + tenant).getBytes(StandardCharsets.UTF_8);
        // hash32x86, not the deprecated hash32(byte[]), which sign-extends trailing bytes and so
        // disagrees with every other MurmurHash3 (CODEC-264).
        int hash = MurmurHash3.hash32x86(key, 0, key.length, UNLEASH_STRATEGY_SEED);
        return (int) (Integer.toUnsignedLong(hash) % 100) + 1;
    }

    /** Whether the tenant is exposed when {@code percent} (0..100) of the segment's tenants are. */
    public static boolean isExposed(String groupId, String tenant, int percent) {
        return of(groupId, tenant) <= percent;
    }
}
