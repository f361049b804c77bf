package dev.bulkhead.analysis.query;

import dev.bulkhead.analysis.model.Durations;
import dev.bulkhead.analysis.model.Indicator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The one PromQL query Bulkhead runs per indicator and window. It returns every part the analysis needs in a
 * single instant vector, grouped by tenant and version (never one query per segment or per tenant: tenants are
 * folded into segments afterwards), with a {@value #PART_LABEL} label telling the parts apart:
 * <ul>
 *   <li>{@code bad} and {@code total} — event counts over the window, exact ({@link #delta});</li>
 *   <li>{@code good} instead of {@code bad} for latency: requests at or under the {@code le} bucket, so that
 *       {@code bad = total − good} (the SLO way to make latency a proportion);</li>
 *   <li>{@code last_sample} — per version, the timestamp of the newest raw sample of the total counter, to see
 *       stale data (not available for the raw form).</li>
 * </ul>
 * Joining the parts with {@code or} keeps them consistent (one evaluation, one snapshot) and halves the round
 * trips.
 */
public final class SliQuery {

    /** The label Bulkhead adds to tell the parts of its query apart. */
    public static final String PART_LABEL = "bulkhead_part";
    public static final String BAD = "bad";
    public static final String GOOD = "good";
    public static final String TOTAL = "total";
    public static final String LAST_SAMPLE = "last_sample";

    private static final Pattern WINDOW_PLACEHOLDER = Pattern.compile("\\{\\{\\s*\\.window\\s*}}");

    private SliQuery() {
    }

    /**
     * Builds the query.
     *
     * @param versions version label values to keep; empty keeps every version (SLO burn rates of a segment)
     */
    public static String build(Indicator indicator, Duration window, String tenantLabel, String versionLabel,
            Set<String> versions) {
        return build(indicator, window, tenantLabel, versionLabel, versions, null);
    }

    private static String build(Indicator indicator, Duration window, String tenantLabel, String versionLabel,
            Set<String> versions, String excludedVersion) {
        String w = Durations.promql(window);
        String by = "sum by (" + tenantLabel + ", " + versionLabel + ") ";
        String field = "indicators[" + indicator.name() + "]";
        List<String> parts = new ArrayList<>();
        Indicator.Form form = indicator.form();
        if (form instanceof Indicator.Events e) {
            PromqlSelector bad = restrict(PromqlSelector.parse(e.bad(), field + ".events.bad"), versionLabel, versions, excludedVersion);
            PromqlSelector total = restrict(PromqlSelector.parse(e.total(), field + ".events.total"), versionLabel, versions, excludedVersion);
            parts.add(part(by + "(" + delta(bad, window) + ")", BAD));
            parts.add(part(by + "(" + delta(total, window) + ")", TOTAL));
            parts.add(part(lastSample(total, versionLabel), LAST_SAMPLE));
        } else if (form instanceof Indicator.Latency l) {
            PromqlSelector hist = PromqlSelector.parse(l.histogram(), field + ".latency.histogram");
            if (hist.matchesLabel("le")) {
                throw new IllegalArgumentException(field + ".latency.histogram: must not match on 'le'; set latency.le instead");
            }
            if (hist.metric() != null && !hist.metric().endsWith("_bucket")) {
                throw new IllegalArgumentException(field + ".latency.histogram: '" + hist.metric()
                        + "' is not a histogram's _bucket series");
            }
            hist = restrict(hist, versionLabel, versions, excludedVersion);
            // The +Inf bucket counts every observation, exactly like _count, from the same series family.
            PromqlSelector total = hist.with(new PromqlSelector.Matcher("le", "=", "+Inf"));
            PromqlSelector good = hist.with(new PromqlSelector.Matcher("le", "=", l.le()));
            parts.add(part(by + "(" + delta(good, window) + ")", GOOD));
            parts.add(part(by + "(" + delta(total, window) + ")", TOTAL));
            parts.add(part(lastSample(total, versionLabel), LAST_SAMPLE));
        } else if (form instanceof Indicator.Raw r) {
            parts.add(part("(" + raw(r.bad(), w, field + ".raw.bad") + ")", BAD));
            parts.add(part("(" + raw(r.total(), w, field + ".raw.total") + ")", TOTAL));
        }
        return String.join("\nor\n", parts);
    }

    /**
     * How far before a window's start a counter's previous sample is looked for. A series whose previous sample is
     * older than this (it stopped being scraped for longer, then came back) is counted from zero: its increments are
     * counted twice. Longer than any scrape interval and any restart.
     */
    static final Duration PREVIOUS_SAMPLE_LOOKBACK = Duration.ofMinutes(15);

    /**
     * The exact increase of each counter series over the window {@code (t − w, t]}: its newest sample in the window
     * minus its newest sample at or before the window's start, with no extrapolation. {@code increase()} extrapolates
     * to the window's edges (by {@code n/(n−1)} for n samples: with 30 s scrapes and 1 min looks, counts are 2× too
     * large, half the time) and never counts a new series' first sample, and every canary pod × tenant × code series
     * is new. Here:
     * <ul>
     *   <li>a series with a sample on both sides counts the difference, so consecutive windows add up exactly to the
     *       difference of the newest and the oldest sample (they tile: each look's newest is the next look's
     *       previous, whatever the scrape phase);</li>
     *   <li>a series without a sample before the window (born in it: a new pod, a tenant's first error) counts from
     *       zero, as counters start at zero;</li>
     *   <li>a series whose value dropped (a counter reset) counts its newest value, from zero since the reset (the
     *       increments between the last sample before the reset and the reset are lost, as with {@code increase()}).</li>
     * </ul>
     * A sample that Prometheus ingests after the look with a timestamp before it is counted by the next look only if
     * it is also newer than that look's previous sample; evaluate a look a scrape interval behind the clock to avoid it.
     */
    static String delta(PromqlSelector selector, Duration window) {
        String w = Durations.promql(window);
        String now = "last_over_time(" + selector.render() + "[" + w + "])";
        String before = "last_over_time(" + selector.render() + "[" + Durations.promql(PREVIOUS_SAMPLE_LOOKBACK) + "] offset " + w + ")";
        return "((" + now + " - " + before + ") >= 0) or (" + now + " unless " + before + ") or " + now;
    }

    /**
     * The query of a tenant history: every version but {@code excludedVersion} (the canary's: a tenant's history is what
     * it was served before the revision under judgement, and must not already hold its regression).
     */
    public static String buildHistory(Indicator indicator, Duration window, String tenantLabel, String versionLabel,
            String excludedVersion) {
        return build(indicator, window, tenantLabel, versionLabel, Set.of(), excludedVersion);
    }

    /** Substitutes {@code {{.window}}}; a raw query without the placeholder would ignore the window. */
    static String raw(String promql, String window, String field) {
        if (promql == null || promql.isBlank()) {
            throw new IllegalArgumentException(field + ": raw PromQL must not be empty");
        }
        if (!WINDOW_PLACEHOLDER.matcher(promql).find()) {
            throw new IllegalArgumentException(field + ": raw PromQL must use {{.window}} for its range, e.g. increase(x[{{.window}}])");
        }
        return WINDOW_PLACEHOLDER.matcher(promql).replaceAll(window);
    }

    private static PromqlSelector restrict(PromqlSelector s, String versionLabel, Set<String> versions, String excluded) {
        if (excluded != null) {
            s = s.with(new PromqlSelector.Matcher(versionLabel, "!=", excluded));
        }
        if (versions.isEmpty()) {
            return s;
        }
        String alternatives = String.join("|", versions.stream().sorted().map(PromqlSelector::regexLiteral).toList());
        return s.with(new PromqlSelector.Matcher(versionLabel, "=~", alternatives));
    }

    private static String lastSample(PromqlSelector total, String versionLabel) {
        return "max by (" + versionLabel + ") (timestamp(" + total.render() + "))";
    }

    private static String part(String expr, String name) {
        return "label_replace(" + expr + ", \"" + PART_LABEL + "\", \"" + name + "\", \"\", \"\")";
    }
}
