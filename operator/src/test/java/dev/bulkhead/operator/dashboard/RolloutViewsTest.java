package dev.bulkhead.operator.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulkhead.api.v1alpha1.Rollout;
import dev.bulkhead.api.v1alpha1.ServiceLevelObjective;
import dev.bulkhead.api.v1alpha1.ServiceLevelObjectiveStatus;
import dev.bulkhead.api.v1alpha1.TenantImpact;
import dev.bulkhead.operator.dashboard.RolloutDetail.SegmentView;
import dev.bulkhead.operator.rollout.ManualActions;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the dashboard makes of a Rollout status a real playground run wrote (paying rolled back, four tenants hurt). */
class RolloutViewsTest {

    @Test
    void theSummaryHasEverySegmentAsARingInReleaseOrder() {
        RolloutSummary summary = RolloutViews.summary(playground());

        assertThat(summary.phase()).isEqualTo("RolledBack");
        assertThat(summary.exposure()).isEqualTo("paying 0% (0/12 tenants)");
        assertThat(summary.segments()).extracting(RolloutSummary.Ring::name).containsExactly("internal", "free", "paying", "enterprise");
        assertThat(summary.segments()).extracting(RolloutSummary.Ring::exposedPercent).containsExactly(100, 100, 0, 0);
    }

    @Test
    void theImpactListsEveryTenantFromTheEngineRecordWorstFirstWithTheCulpritsExcess() {
        RolloutDetail.ImpactView impact = RolloutViews.detail(playground(), List.of(), List.of()).impact();

        assertThat(impact.complete()).isTrue();
        assertThat(impact.tenants()).extracting(TenantImpact::tenant).containsExactly("stark", "wayne", "umbrella", "cyberdyne");
        assertThat(impact.tenants().get(0)).isEqualTo(new TenantImpact("stark", "paying", 52L, 18L, 17.8));
        assertThat(impact.tenantsAffected()).isEqualTo(4);
        assertThat(impact.requests()).isEqualTo(123L);
    }

    @Test
    void verdictsOverTimeComeFromTheEngineRecordOldestFirst() {
        List<RolloutDetail.VerdictPoint> verdicts = RolloutViews.detail(playground(), List.of(), List.of()).verdicts();

        assertThat(verdicts).hasSize(14);
        assertThat(verdicts.get(verdicts.size() - 1)).satisfies(v -> {
            assertThat(v.segment()).isEqualTo("paying");
            assertThat(v.verdict()).isEqualTo("Fail");
            assertThat(v.reason()).isEqualTo("RelevantRegression");
            assertThat(v.canaryBad()).isEqualTo(33.54166666666667);
        });
        assertThat(verdicts).extracting(v -> Instant.parse(v.time())).isSorted();
    }

    @Test
    void aNumberTheAnalysisDidNotKnowIsNullNotNaN() {
        Rollout rollout = playground();
        ((ObjectNode) rollout.getStatus().engine().path("verdicts").get(0)).put("statistic", "NaN");

        RolloutDetail.VerdictPoint first = RolloutViews.detail(rollout, List.of(), List.of()).verdicts().get(0);

        assertThat(first.statistic()).isNull();
        assertThat(first.threshold()).isNotNull();
    }

    @Test
    void eachSegmentShowsTheBurnRatesOfEverySloAndTheLowestBudget() {
        ServiceLevelObjective latency = slo("latency", Map.of("5m", 2.5, "1h", 1.2), 12.0, List.of());

        SegmentView paying = segment(RolloutViews.detail(playground(), List.of(checkoutSlo(), latency), List.of()), "paying");

        assertThat(paying.burnRates()).extracting(RolloutDetail.BurnRate::slo)
                .containsExactly("checkout", "latency", RolloutViews.ALL_SLOS);
        assertThat(paying.burnRates().get(0).windows()).containsEntry("5m", 54.2);
        assertThat(paying.burnRates().get(0).firing()).containsExactly("1h/5m");
        assertThat(paying.budgetRemaining()).isEqualTo(12.0);
    }

    @Test
    void theCanarysOwnBurnRateFromTheRolloutStatusHasItsOwnRow() {
        SegmentView paying = segment(RolloutViews.detail(playground(), List.of(), List.of()), "paying");

        assertThat(paying.burnRates()).singleElement().satisfies(b -> {
            assertThat(b.indicator()).isEqualTo("canary's own traffic");
            assertThat(b.slo()).isEqualTo(RolloutViews.ALL_SLOS);
            assertThat(b.windows()).containsExactly(Map.entry(RolloutViews.SINCE_FIRST_LOOK, 27.1));
        });
        assertThat(segment(RolloutViews.detail(playground(), List.of(), List.of()), "free").burnRates()).isEmpty();
    }

    @Test
    void anUnreadableEngineRecordFallsBackToTheStatusSummaryAndSaysSo() {
        Rollout rollout = playground();
        ((ObjectNode) rollout.getStatus().engine()).put("state", "not a state");

        RolloutDetail detail = RolloutViews.detail(rollout, List.of(), List.of());

        assertThat(detail.verdicts()).isEmpty();
        assertThat(detail.impact().complete()).isFalse();
        assertThat(detail.impact().tenants()).extracting(TenantImpact::tenant).containsExactly("stark", "wayne", "umbrella", "cyberdyne");
        assertThat(detail.impact().tenants().get(0).excessBadRequests()).as("from the segment's culprits").isEqualTo(17.8);
        assertThat(detail.notes()).singleElement().asString().contains("status.engine cannot be read");
    }

    @Test
    void aRolloutWithoutStatusYetHasAnEmptyPage() {
        Rollout fresh = playground();
        fresh.setStatus(null);

        RolloutDetail detail = RolloutViews.detail(fresh, List.of(checkoutSlo()), List.of());

        assertThat(detail.phase()).isNull();
        assertThat(detail.segments()).isEmpty();
        assertThat(detail.impact().tenants()).isEmpty();
        assertThat(RolloutViews.summary(fresh).segments()).isEmpty();
    }

    @Test
    void anActionTheOperatorHasNotAppliedIsShownWithItsActor() {
        Rollout rollout = playground();
        rollout.getMetadata().setAnnotations(Map.of(ManualActions.ACTION, "pause", ManualActions.ACTOR, "alice"));

        assertThat(RolloutViews.detail(rollout, List.of(), List.of()).pendingAction())
                .isEqualTo(new RolloutDetail.PendingAction("pause", "alice"));
        assertThat(RolloutViews.detail(playground(), List.of(), List.of()).pendingAction()).isNull();
    }

    private static Rollout playground() {
        Rollout rollout = Serialization.unmarshal(DashboardFixture.resource("playground-rollout.json"), Rollout.class);
        rollout.getMetadata().setNamespace("shop");
        return rollout;
    }

    private static ServiceLevelObjective checkoutSlo() {
        ServiceLevelObjective slo = new ServiceLevelObjective();
        slo.setMetadata(new ObjectMetaBuilder().withName("checkout").withNamespace("shop").build());
        slo.setStatus(Serialization.unmarshal(DashboardFixture.resource("checkout-slo-status.json"), ServiceLevelObjectiveStatus.class));
        return slo;
    }

    private static ServiceLevelObjective slo(String name, Map<String, Double> payingBurn, double payingBudget, List<String> firing) {
        ServiceLevelObjective slo = new ServiceLevelObjective();
        slo.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("shop").build());
        slo.setStatus(new ServiceLevelObjectiveStatus(1L, "Burning", List.of(), null, null, List.of(
                new ServiceLevelObjectiveStatus.SegmentBudget("paying", payingBudget, false, List.of(
                        new ServiceLevelObjectiveStatus.IndicatorBudget("p99", 100.0, 3.0, 0.03, payingBudget, payingBurn, firing))))));
        return slo;
    }

    private static SegmentView segment(RolloutDetail detail, String name) {
        return detail.segments().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }
}
