package dev.bulkhead.operator.slo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkhead.api.v1alpha1.BurnRateWindow;
import dev.bulkhead.api.v1alpha1.Indicator;
import dev.bulkhead.api.v1alpha1.ObjectReference;
import dev.bulkhead.api.v1alpha1.ServiceLevelObjectiveSpec;
import dev.bulkhead.engine.plan.SegmentationSpec.SegmentSpec;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SloMappingTest {

    static final Indicator AVAILABILITY = new Indicator("availability", 99.9, new Indicator.EventsIndicator(
            "http_requests_total{code=~\"5..\"}", "http_requests_total"), null, null);
    static final List<SegmentSpec> SEGMENTS = List.of(SegmentSpec.listed("free", List.of("f1")),
            SegmentSpec.listed("paying", List.of("p1", "p2")), SegmentSpec.everyoneElse("rest"));

    static ServiceLevelObjectiveSpec spec(String window, List<Indicator> indicators, List<BurnRateWindow> windows) {
        return new ServiceLevelObjectiveSpec(new ObjectReference("tiers"), window, null, indicators, windows, null);
    }

    @Test
    void mapsDefaultsTheWayTheResourceDeclaresThem() {
        SloMapping.Mapped mapped = SloMapping.map("checkout", spec(null, List.of(AVAILABILITY), null), "customer", SEGMENTS);

        assertThat(mapped.problems()).isEmpty();
        assertThat(mapped.slo().window()).isEqualTo(Duration.ofDays(30));
        assertThat(mapped.slo().tenantLabel()).isEqualTo("customer");
        assertThat(mapped.slo().versionLabel()).isEqualTo("version");
        assertThat(mapped.slo().freezeBelowBudget()).isZero();
        // The SRE workbook's pairs for 30 days.
        assertThat(mapped.slo().burnRateWindows()).extracting(w -> w.factor()).containsExactly(14.4, 6.0, 1.0);
        assertThat(mapped.segmentation().names()).containsExactly("free", "paying", "rest");
        assertThat(mapped.segmentation().segmentOf("p2")).contains("paying");
        assertThat(mapped.segmentation().segmentOf("someone")).contains("rest");
    }

    @Test
    void burnRateWindowsKeepTheirSeverity() {
        SloMapping.Mapped mapped = SloMapping.map("checkout", spec("28d", List.of(AVAILABILITY), List.of(
                new BurnRateWindow("1h", "5m", 13.44, null), new BurnRateWindow("3d", "6h", 1.0, BurnRateWindow.Severity.TICKET))),
                null, SEGMENTS);

        assertThat(mapped.slo().burnRateWindows()).extracting(w -> w.severity()).containsExactly("page", "ticket");
        assertThat(mapped.slo().burnRateWindows().get(1).longWindow()).isEqualTo(Duration.ofDays(3));
        assertThat(mapped.slo().tenantLabel()).isEqualTo("tenant");
    }

    @Test
    void everyProblemIsReportedWithItsFieldAndReason() {
        Indicator function = new Indicator("availability", 99.9, new Indicator.EventsIndicator(
                "rate(http_requests_total[5m])", "http_requests_total"), null, null);
        Indicator notAHistogram = new Indicator("latency", 99.0, null,
                new Indicator.LatencyIndicator("http_request_duration_seconds_count", "0.3"), null);

        SloMapping.Mapped mapped = SloMapping.map("checkout", spec("thirty days", List.of(function, notAHistogram),
                List.of(new BurnRateWindow("1h", "5 minutes", 14.4, null))), null, SEGMENTS);

        assertThat(mapped.ok()).isFalse();
        assertThat(mapped.slo()).isNull();
        assertThat(mapped.problems()).extracting(SloMapping.Problem::reason).containsExactly(
                SloReasons.INVALID_WINDOW, SloReasons.INVALID_WINDOW, SloReasons.INVALID_INDICATOR, SloReasons.INVALID_INDICATOR);
        assertThat(mapped.problems()).extracting(SloMapping.Problem::message).satisfiesExactly(
                m -> assertThat(m).startsWith("spec.window: 'thirty days' is not a duration"),
                m -> assertThat(m).startsWith("spec.burnRateWindows[0].short: '5 minutes' is not a duration"),
                m -> assertThat(m).startsWith("spec.indicators[availability].events.bad:"),
                m -> assertThat(m).startsWith("spec.indicators[latency].latency.histogram:").contains("_bucket"));
    }

    @Test
    void aTenantInTwoSegmentsMakesTheSegmentationUnusable() {
        SloMapping.Mapped mapped = SloMapping.map("checkout", spec("30d", List.of(AVAILABILITY), null), null,
                List.of(SegmentSpec.listed("free", List.of("acme")), SegmentSpec.listed("paying", List.of("acme"))));

        assertThat(mapped.problems()).singleElement().satisfies(p -> {
            assertThat(p.reason()).isEqualTo(SloReasons.SEGMENTATION_NOT_READY);
            assertThat(p.message()).startsWith("spec.segmentationRef").contains("acme");
        });
    }
}
