package dev.bulkhead.kubectl.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.bulkhead.api.v1alpha1.Rollout;
import dev.bulkhead.api.v1alpha1.RolloutStatus;
import dev.bulkhead.kubectl.Fixtures;
import dev.bulkhead.kubectl.render.ImpactReport.Row;
import org.junit.jupiter.api.Test;

class ImpactReportTest {

    @Test
    void listsEveryTenantTheRevisionServedWorstFirstFromTheEngineRecord() {
        ImpactReport report = ImpactReport.of(Fixtures.progressing(), null);
        assertThat(report.complete()).isTrue();
        assertThat(report.tenants()).extracting(Row::tenant)
                .containsExactly("free-03", "staff", "qa-bot", "free-07", "free-01");
        assertThat(report.tenants().get(0)).isEqualTo(new Row("free-03", "free", 240, 2, null, false));
        assertThat(report).extracting(ImpactReport::tenantsExposed, ImpactReport::tenantsAffected, ImpactReport::requests,
                ImpactReport::badRequests).containsExactly(5L, 2L, 3010L, 3L);
    }

    @Test
    void theAnalysisCulpritsCarryTheirExcessOverStablesRate() {
        ImpactReport report = ImpactReport.of(Fixtures.rolledBack(), null);
        assertThat(report.tenants()).containsExactly(
                new Row("stark", "paying", 52, 18, 17.8, true),
                new Row("wayne", "paying", 13, 7, 6.5, true),
                new Row("umbrella", "paying", 33, 5, 5.2, true),
                new Row("cyberdyne", "paying", 25, 4, 3.9, true));
        assertThat(report.revision()).isEqualTo("new-checkout");
        assertThat(report.phase()).isEqualTo("RolledBack");
    }

    @Test
    void aSegmentKeepsOnlyItsTenantsAndTotalsOverThem() {
        ImpactReport report = ImpactReport.of(Fixtures.progressing(), "internal");
        assertThat(report.tenants()).extracting(Row::tenant).containsExactly("staff", "qa-bot");
        assertThat(report).extracting(ImpactReport::tenantsExposed, ImpactReport::tenantsAffected, ImpactReport::requests,
                ImpactReport::badRequests).containsExactly(2L, 1L, 2400L, 1L);
    }

    @Test
    void withoutAReadableEngineRecordItFallsBackToTheStatusTopAndSaysItIsPartial() {
        Rollout rollout = Fixtures.progressing();
        RolloutStatus s = rollout.getStatus();
        rollout.setStatus(new RolloutStatus(s.observedGeneration(), s.phase(), s.conditions(), s.stableRevision(),
                s.canaryRevision(), s.currentSegment(), s.currentStep(), s.exposure(), s.segments(),
                new dev.bulkhead.api.v1alpha1.ImpactSummary(40, 2, 30_000L, 3L, s.impact().top()), s.history(),
                JsonNodeFactory.instance.objectNode()));
        ImpactReport report = ImpactReport.of(rollout, null);
        assertThat(report.complete()).isFalse();
        assertThat(report.tenants()).extracting(Row::tenant)
                .containsExactly("free-03", "staff", "qa-bot", "free-07", "free-01");
        assertThat(report.tenantsExposed()).as("the status' totals count every tenant").isEqualTo(40);
        assertThat(report.requests()).isEqualTo(30_000);
    }

    @Test
    void aLedgerThatNoLongerNamesEveryTenantIsPartialWithTheEnginesExactTotals() {
        Rollout rollout = Fixtures.progressing();
        var state = (com.fasterxml.jackson.databind.node.ObjectNode) rollout.getStatus().engine().get("state");
        state.putObject("impactTotals").put("tenants", 120_000).put("tenantsWithErrors", 9_000).put("requests", 5_000_000)
                .put("errors", 12_345).put("complete", false);

        ImpactReport report = ImpactReport.of(rollout, null);

        assertThat(report.complete()).isFalse();
        assertThat(report.tenants()).as("the tenants the ledger names").hasSize(5);
        assertThat(report).extracting(ImpactReport::tenantsExposed, ImpactReport::tenantsAffected, ImpactReport::requests,
                ImpactReport::badRequests).containsExactly(120_000L, 9_000L, 5_000_000L, 12_345L);
        assertThat(ImpactFormats.table(report)).contains("Only the 5 most affected tenants are listed");
    }
}
