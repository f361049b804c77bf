package dev.bulkhead.analysis.source;

import java.time.Instant;
import java.util.Map;

/** One element of an instant vector: its labels, value and the evaluation timestamp Prometheus reported. */
public record Sample(Map<String, String> labels, double value, Instant timestamp) {

    public Sample {
        labels = Map.copyOf(labels);
    }

    public String label(String name) {
        return labels.getOrDefault(name, "");
    }
}
