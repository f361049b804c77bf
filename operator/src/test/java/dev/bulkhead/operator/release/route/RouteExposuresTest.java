package dev.bulkhead.operator.release.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulkhead.operator.release.route.RouteExposures.ListedSegment;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RouteExposuresTest {

    private final List<ListedSegment> segments = List.of(
            new ListedSegment("internal", Set.of("qa", "staff"), Set.of("qa", "staff")),
            new ListedSegment("paying", Set.of("acme", "globex", "initech"), Set.of("acme")));

    @Test
    void listsTheExposedTenantsWhileTheDefaultSegmentIsNotExposed() {
        assertThat(RouteExposures.of(segments, 0)).isEqualTo(RouteExposure.only(Set.of("qa", "staff", "acme")));
    }

    @Test
    void listsTheStableTenantsOnceTheDefaultSegmentIsFullyExposed() {
        assertThat(RouteExposures.of(segments, 100)).isEqualTo(RouteExposure.allExcept(Set.of("globex", "initech")));
    }

    @Test
    void refusesAPartlyExposedDefaultSegmentBecauseARouteCannotPickUnlistedTenants() {
        assertThatThrownBy(() -> RouteExposures.of(segments, 5))
                .isInstanceOf(RouteExposureNotExpressibleException.class)
                .hasMessageContaining("default segment")
                .hasMessageContaining("release by flag");
    }

    @Test
    void aRouteExposureRoutesUnlistedTenantsOnlyInTheInverseForm() {
        assertThat(RouteExposure.only(Set.of("acme")).routesToCanary("unknown")).isFalse();
        assertThat(RouteExposure.allExcept(Set.of("acme")).routesToCanary("unknown")).isTrue();
        assertThat(RouteExposure.allExcept(Set.of("acme")).routesToCanary("acme")).isFalse();
    }
}
