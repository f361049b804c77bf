package dev.bulkhead.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.javaoperatorsdk.operator.processing.retry.RetryExecution;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReconcileRetryTest {

    @Test
    void backsOffExponentiallyUpToTheCapAndNeverGivesUp() {
        RetryExecution retry = ReconcileRetry.policy().initExecution();
        List<Long> delays = new ArrayList<>();
        for (int attempt = 0; attempt < 10_000; attempt++) {
            delays.add(retry.nextDelay().orElseThrow(() -> new AssertionError("gave up")));
        }
        assertThat(delays.subList(0, 8)).containsExactly(2_000L, 2_000L, 4_000L, 8_000L, 16_000L, 32_000L, 64_000L, 120_000L);
        assertThat(delays.subList(8, delays.size())).containsOnly(ReconcileRetry.MAX.toMillis());
    }
}
