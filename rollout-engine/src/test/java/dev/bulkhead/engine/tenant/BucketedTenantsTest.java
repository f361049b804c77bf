package dev.bulkhead.engine.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BucketedTenantsTest {

    private static final List<String> TENANTS = IntStream.range(0, 5_000).mapToObj(i -> "tenant-" + i).toList();

    @Test
    void exposesExactlyTheTenantsWhoseBucketIsWithinThePercent() {
        BucketedTenants bucketed = BucketedTenants.of("g", TENANTS);
        for (int p = 0; p <= 100; p++) {
            int percent = p;
            assertThat(new HashSet<>(bucketed.exposed(p)))
                    .isEqualTo(new HashSet<>(TENANTS.stream().filter(t -> TenantBucket.isExposed("g", t, percent)).toList()));
        }
    }

    @Test
    void exposureIsNestedAsThePercentGrows() {
        BucketedTenants bucketed = BucketedTenants.of("g", TENANTS);
        for (int p = 1; p <= 100; p++) {
            List<String> narrower = bucketed.exposed(p - 1);
            assertThat(bucketed.exposed(p).subList(0, narrower.size())).isEqualTo(narrower);
        }
        assertThat(bucketed.exposed(0)).isEmpty();
        assertThat(bucketed.exposed(100)).hasSize(5_000);
    }

    @Test
    void ignoresDuplicatesAndClampsPercent() {
        BucketedTenants bucketed = BucketedTenants.of("g", List.of("a", "b", "a"));
        assertThat(bucketed.size()).isEqualTo(2);
        assertThat(bucketed.exposedCount(250)).isEqualTo(2);
        assertThat(bucketed.exposedCount(-3)).isZero();
    }

    @Test
    void bucketsSpreadEvenly() {
        int[] perBucket = new int[101];
        TENANTS.forEach(t -> perBucket[TenantBucket.of("g", t)]++);
        assertThat(perBucket[0]).isZero();
        // 50 tenants expected per bucket; a uniform hash stays well inside 20..90 for 5,000 keys.
        assertThat(IntStream.rangeClosed(1, 100).map(b -> perBucket[b])).allMatch(n -> n > 20 && n < 90);
    }
}
