package dev.bulkhead.analysis;

import java.time.Instant;

/** The integration tests' traffic, shared with the CLI's integration test. */
public final class SegmentAnalyzerITData {

    public static final Instant END = SegmentAnalyzerIT.END;

    private SegmentAnalyzerITData() {
    }

    public static String traffic() {
        return SegmentAnalyzerIT.traffic();
    }
}
