package dev.bulkhead.analysis.slo;

import dev.bulkhead.analysis.judge.ArmCounts;
import java.time.Duration;

/** The burn rate over one window, with the counts it came from (burnRate NaN without events). */
public record WindowBurn(Duration window, ArmCounts counts, double burnRate) {
}
