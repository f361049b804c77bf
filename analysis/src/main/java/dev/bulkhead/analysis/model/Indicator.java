package dev.bulkhead.analysis.model;

import java.util.Objects;

/**
 * One service level indicator: a proportion of bad events among all events. The three forms mirror the
 * ServiceLevelObjective resource: counter selectors, a latency histogram with a threshold bucket, or raw
 * PromQL that already groups by the tenant and version labels.
 *
 * @param name      indicator name, unique within its SLO
 * @param objective percent of good events the SLO promises (for example 99.9)
 * @param form      how bad and total events are counted
 */
public record Indicator(String name, double objective, Form form) {

    public Indicator {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(form, "form");
        if (!(objective > 0 && objective < 100)) {
            throw new IllegalArgumentException("indicator " + name + ": objective must be between 0 and 100 (exclusive), got "
                    + objective);
        }
    }

    /** The fraction of events allowed to be bad: {@code 1 − objective}. */
    public double errorAllowance() {
        return 1 - objective / 100.0;
    }

    /** How an indicator counts its events. */
    public sealed interface Form permits Events, Latency, Raw {
    }

    /** Bad and total counters, each a PromQL instant-vector selector such as {@code http_requests_total{code=~"5.."}}. */
    public record Events(String bad, String total) implements Form {
        public Events {
            Objects.requireNonNull(bad, "bad");
            Objects.requireNonNull(total, "total");
        }
    }

    /**
     * A histogram's {@code _bucket} selector and the bucket boundary {@code le} (as its label value). Bad events
     * are {@code total − events at or under le}, the SLO way of turning latency into a proportion.
     */
    public record Latency(String histogram, String le) implements Form {
        public Latency {
            Objects.requireNonNull(histogram, "histogram");
            Objects.requireNonNull(le, "le");
        }
    }

    /** Raw PromQL for bad and total events; {@code {{.window}}} is replaced by the window. */
    public record Raw(String bad, String total) implements Form {
        public Raw {
            Objects.requireNonNull(bad, "bad");
            Objects.requireNonNull(total, "total");
        }
    }
}
