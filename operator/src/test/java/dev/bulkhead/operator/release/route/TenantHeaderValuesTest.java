package dev.bulkhead.operator.release.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TenantHeaderValuesTest {

    @Test
    void packsTenantsIntoAlternationsNoLongerThanTheLimit() {
        List<String> tenants = IntStream.range(0, 500).mapToObj(i -> "tenant-" + i).toList();

        List<String> chunks = TenantHeaderValues.regexChunks(tenants, 200);

        assertThat(chunks).allSatisfy(c -> assertThat(c.length()).isLessThanOrEqualTo(200));
        TreeSet<String> readBack = new TreeSet<>();
        chunks.forEach(c -> readBack.addAll(TenantHeaderValues.parseRegex(c).orElseThrow()));
        assertThat(readBack).containsExactlyInAnyOrderElementsOf(tenants);
    }

    @Test
    void escapesRegexMetacharactersInTenantKeys() {
        List<String> chunks = TenantHeaderValues.regexChunks(Set.of("a.b", "c|d", "e(f)"), 4096);

        assertThat(chunks).containsExactly("^(a\\.b|c\\|d|e\\(f\\))$");
        assertThat(TenantHeaderValues.parseRegex(chunks.get(0))).contains(new TreeSet<>(Set.of("a.b", "c|d", "e(f)")));
    }

    @Test
    void refusesATenantKeyLongerThanAHeaderValue() {
        assertThatThrownBy(() -> TenantHeaderValues.regexChunks(Set.of("x".repeat(5000)), 4096))
                .isInstanceOf(RouteExposureNotExpressibleException.class)
                .hasMessageContaining("too long");
    }

    @Test
    void doesNotReadPatternsItDidNotWrite() {
        assertThat(TenantHeaderValues.parseRegex("^(a.*)$")).isEmpty();
        assertThat(TenantHeaderValues.parseRegex("acme")).isEmpty();
        assertThat(TenantHeaderValues.parseRegex("^(a||b)$")).isEmpty();
    }
}
