package dev.bulkhead.operator.featureflag;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkhead.api.v1alpha1.Condition;
import dev.bulkhead.api.v1alpha1.ConditionStatus;
import dev.bulkhead.api.v1alpha1.FeatureFlagStatus;
import dev.bulkhead.operator.status.Conditions;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class FeatureFlagStatusBuilderTest {

    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private static final Instant T1 = Instant.parse("2026-11-23T10:00:30Z");
    private static final SyncOutcome.Synced WROTE = new SyncOutcome.Synced("3 strategies", true, List.of());
    private static final SyncOutcome.Synced IN_LINE = new SyncOutcome.Synced("3 strategies", false, List.of());

    @Test
    void aFirstSyncIsReadyAndSyncedWithoutDrift() {
        FeatureFlagStatus status = FeatureFlagStatusBuilder.statusOf(null, 1, WROTE, T0);

        assertThat(status.phase()).isEqualTo("Synced");
        assertThat(status.observedGeneration()).isEqualTo(1L);
        assertThat(status.lastSynced()).isEqualTo(T0.toString());
        assertThat(condition(status, "Ready")).extracting(Condition::status, Condition::reason, Condition::message)
                .containsExactly(ConditionStatus.TRUE, "Synced", "3 strategies");
        assertThat(condition(status, "Synced").status()).isEqualTo(ConditionStatus.TRUE);
        assertThat(condition(status, "Drifted")).extracting(Condition::status, Condition::reason)
                .containsExactly(ConditionStatus.FALSE, "NoDrift");
    }

    @Test
    void aRepeatedReconcileThatWroteNothingBuildsAnEqualStatus() {
        FeatureFlagStatus first = FeatureFlagStatusBuilder.statusOf(null, 1, WROTE, T0);

        assertThat(FeatureFlagStatusBuilder.statusOf(first, 1, IN_LINE, T1)).isEqualTo(first);
    }

    @Test
    void driftIsReportedWithWhatDifferedAndClearsAtTheNextCheck() {
        FeatureFlagStatus synced = FeatureFlagStatusBuilder.statusOf(null, 1, WROTE, T0);

        FeatureFlagStatus drifted = FeatureFlagStatusBuilder.statusOf(synced, 1,
                new SyncOutcome.Synced("3 strategies", true, List.of("strategy bulkhead:free is missing")), T1);

        assertThat(drifted.phase()).isEqualTo("Drifted");
        assertThat(drifted.lastSynced()).isEqualTo(T1.toString());
        assertThat(condition(drifted, "Drifted")).extracting(Condition::status, Condition::reason, Condition::message)
                .containsExactly(ConditionStatus.TRUE, "DriftCorrected",
                        "Changed by hand in Unleash, and corrected: strategy bulkhead:free is missing");
        assertThat(condition(drifted, "Ready").lastTransitionTime()).isEqualTo(T0.toString());

        FeatureFlagStatus clear = FeatureFlagStatusBuilder.statusOf(drifted, 1, IN_LINE, T1.plusSeconds(30));
        assertThat(clear.phase()).isEqualTo("Synced");
        assertThat(condition(clear, "Drifted").status()).isEqualTo(ConditionStatus.FALSE);
    }

    @Test
    void invalidInputIsNotReadyWithItsReasonAndPath() {
        FeatureFlagStatus status = FeatureFlagStatusBuilder.statusOf(null, 2, new SyncOutcome.Invalid(
                "SegmentationNotFound", "spec.segmentationRef.name: Segmentation 'tiers' does not exist"), T0);

        assertThat(status.phase()).isEqualTo("Invalid");
        assertThat(status.observedGeneration()).isEqualTo(2L);
        assertThat(condition(status, "Ready")).extracting(Condition::status, Condition::reason, Condition::message)
                .containsExactly(ConditionStatus.FALSE, "SegmentationNotFound",
                        "spec.segmentationRef.name: Segmentation 'tiers' does not exist");
        assertThat(condition(status, "Synced").status()).isEqualTo(ConditionStatus.FALSE);
        assertThat(status.lastSynced()).isNull();
    }

    @Test
    void unleashFailingChangesOnlyReadyAndKeepsTheSyncedGeneration() {
        FeatureFlagStatus synced = FeatureFlagStatusBuilder.statusOf(null, 1, WROTE, T0);

        FeatureFlagStatus failed = FeatureFlagStatusBuilder.statusOf(synced, 2,
                new SyncOutcome.UnleashFailed("UnleashUnavailable", "Unleash at http://x is unreachable"), T1);

        assertThat(failed.phase()).isEqualTo("Error");
        assertThat(failed.observedGeneration()).isEqualTo(1L);
        assertThat(failed.lastSynced()).isEqualTo(T0.toString());
        assertThat(condition(failed, "Ready")).extracting(Condition::status, Condition::reason, Condition::observedGeneration)
                .containsExactly(ConditionStatus.FALSE, "UnleashUnavailable", 2L);
        assertThat(condition(failed, "Synced")).isEqualTo(condition(synced, "Synced"));
        assertThat(condition(failed, "Drifted")).isEqualTo(condition(synced, "Drifted"));
    }

    private static Condition condition(FeatureFlagStatus status, String type) {
        return Conditions.find(status.conditions(), type).orElseThrow();
    }
}
