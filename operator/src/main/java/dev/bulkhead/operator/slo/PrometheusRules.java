package dev.bulkhead.operator.slo;

import dev.bulkhead.analysis.model.BurnRateWindow;
import dev.bulkhead.analysis.model.Durations;
import dev.bulkhead.analysis.model.Indicator;
import dev.bulkhead.analysis.model.Segmentation;
import dev.bulkhead.analysis.model.ServiceLevelObjective;
import dev.bulkhead.analysis.query.PromqlSelector;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The Prometheus Operator {@code PrometheusRule} an SLO keeps: per segment and indicator, recording rules in the
 * {@code slo:sli_error:ratio_rate<window>} family Sloth users know (same record names and {@code sloth_*} labels,
 * plus {@value #SEGMENT_LABEL}), and the multi-window burn-rate alerts of {@code spec.burnRateWindows}, one alert per
 * segment, indicator and severity. Pure: the reconciler only writes what this computes.
 *
 * <p>Two differences from Sloth, both on purpose. The SLO-window ratio is computed from the counters
 * (request-weighted), not as the average of the 5-minute ratios, matching the budgets in the SLO's status. And a
 * segment is a tenant selector: {@code tenant=~"a|b"} for listed tenants, {@code tenant!~"<every listed tenant>"} for
 * the default segment; raw PromQL cannot take a matcher, so its per-tenant result is labelled with
 * {@code label_replace} and kept with {@code and on (bulkhead_segment)}.
 */
public final class PrometheusRules {

    public static final String API_VERSION = "monitoring.coreos.com/v1";
    public static final String KIND = "PrometheusRule";
    public static final String SEGMENT_LABEL = "bulkhead_segment";
    public static final String ALERT = "BulkheadErrorBudgetBurn";
    public static final String RECORD_PREFIX = "slo:sli_error:ratio_rate";

    private static final Pattern WINDOW_PLACEHOLDER = Pattern.compile("\\{\\{\\s*\\.window\\s*}}");
    private static final MathContext DIGITS = new MathContext(6);

    /** One rule: either {@code record} or {@code alert} is set. */
    public record Rule(String record, String alert, String expr, Map<String, String> labels, Map<String, String> annotations) {
    }

    /** One rule group; {@code interval} null means Prometheus' global evaluation interval. */
    public record Group(String name, String interval, List<Rule> rules) {
    }

    private PrometheusRules() {
    }

    /** The object's name for an SLO. */
    public static String name(String sloName) {
        return sloName + "-slo";
    }

    /** The rule groups: recordings over the burn-rate windows, the SLO window (every 5 minutes), the alerts. */
    public static List<Group> groups(ServiceLevelObjective slo, Segmentation segmentation) {
        Set<Duration> burnWindows = new TreeSet<>();
        slo.burnRateWindows().forEach(w -> {
            burnWindows.add(w.longWindow());
            burnWindows.add(w.shortWindow());
        });
        burnWindows.remove(slo.window());

        List<Rule> recordings = new ArrayList<>();
        List<Rule> windowRecordings = new ArrayList<>();
        List<Rule> alerts = new ArrayList<>();
        for (Indicator indicator : slo.indicators()) {
            Map<String, String> meta = slothLabels(slo, indicator);
            recordings.add(new Rule("slo:objective:ratio", null, "vector(" + decimal(indicator.objective() / 100) + ")", meta, null));
            recordings.add(new Rule("slo:error_budget:ratio", null, "vector(" + allowance(indicator) + ")", meta, null));
            for (Segmentation.Segment segment : segmentation.segments()) {
                TenantFilter filter = TenantFilter.of(segment, segmentation, slo.tenantLabel());
                if (filter == null) {
                    continue;
                }
                for (Duration w : burnWindows) {
                    recordings.add(recording(slo, indicator, segment.name(), filter, w));
                }
                windowRecordings.add(recording(slo, indicator, segment.name(), filter, slo.window()));
                alerts.addAll(alerts(slo, indicator, segment.name()));
            }
        }
        String base = "bulkhead-" + slo.name();
        List<Group> groups = new ArrayList<>();
        groups.add(new Group(base + "-sli", null, recordings));
        // Rating the raw counters over the whole SLO window is the expensive query; its value moves slowly.
        groups.add(new Group(base + "-sli-window", "5m", windowRecordings));
        if (!alerts.isEmpty()) {
            groups.add(new Group(base + "-alerts", null, alerts));
        }
        return groups;
    }

    /** The PrometheusRule object, owned by {@code owner} so that it goes away with the SLO. */
    public static GenericKubernetesResource desired(dev.bulkhead.api.v1alpha1.ServiceLevelObjective owner, List<Group> groups) {
        GenericKubernetesResource rule = new GenericKubernetesResource();
        rule.setApiVersion(API_VERSION);
        rule.setKind(KIND);
        rule.setMetadata(new ObjectMetaBuilder()
                .withName(name(owner.getMetadata().getName()))
                .withNamespace(owner.getMetadata().getNamespace())
                .addToLabels("app.kubernetes.io/managed-by", "bulkhead")
                .addToLabels("bulkhead.dev/slo", owner.getMetadata().getName())
                .withOwnerReferences(new OwnerReferenceBuilder()
                        .withApiVersion(owner.getApiVersion()).withKind(owner.getKind())
                        .withName(owner.getMetadata().getName()).withUid(owner.getMetadata().getUid())
                        .withController(true).build())
                .build());
        rule.setAdditionalProperty("spec", Map.of("groups", groups.stream().map(PrometheusRules::toMap).toList()));
        return rule;
    }

    /** Every expression of the groups, for checking them against a real Prometheus. */
    public static List<String> expressions(List<Group> groups) {
        return groups.stream().flatMap(g -> g.rules().stream()).map(Rule::expr).toList();
    }

    private static Rule recording(ServiceLevelObjective slo, Indicator indicator, String segment, TenantFilter filter, Duration w) {
        Map<String, String> labels = new LinkedHashMap<>(slothLabels(slo, indicator));
        labels.put("sloth_window", Durations.format(w));
        labels.put(SEGMENT_LABEL, segment);
        return new Rule(RECORD_PREFIX + Durations.format(w), null, errorRatio(indicator, filter, w), labels, null);
    }

    /** Bad over all events in the segment; no bad series at all counts as zero, not as "no data". */
    static String errorRatio(Indicator indicator, TenantFilter filter, Duration w) {
        String range = "[" + Durations.promql(w) + "]";
        Indicator.Form form = indicator.form();
        if (form instanceof Indicator.Events e) {
            String bad = filter.restrict(PromqlSelector.parse(e.bad(), "events.bad")).render();
            String total = filter.restrict(PromqlSelector.parse(e.total(), "events.total")).render();
            return "(sum(rate(" + bad + range + ")) or vector(0))\n/\nsum(rate(" + total + range + "))";
        }
        if (form instanceof Indicator.Latency l) {
            PromqlSelector histogram = filter.restrict(PromqlSelector.parse(l.histogram(), "latency.histogram"));
            String total = "sum(rate(" + histogram.with(new PromqlSelector.Matcher("le", "=", "+Inf")).render() + range + "))";
            String good = "sum(rate(" + histogram.with(new PromqlSelector.Matcher("le", "=", l.le())).render() + range + "))";
            return "(" + total + " - " + good + ")\n/\n" + total;
        }
        Indicator.Raw r = (Indicator.Raw) form;
        String window = Durations.promql(w);
        String bad = WINDOW_PLACEHOLDER.matcher(r.bad()).replaceAll(window);
        String total = WINDOW_PLACEHOLDER.matcher(r.total()).replaceAll(window);
        return "(sum(" + filter.keep("(" + bad + ")") + ") or vector(0))\n/\nsum(" + filter.keep("(" + total + ")") + ")";
    }

    private static List<Rule> alerts(ServiceLevelObjective slo, Indicator indicator, String segment) {
        Map<String, List<BurnRateWindow>> bySeverity = new LinkedHashMap<>();
        slo.burnRateWindows().forEach(w -> bySeverity.computeIfAbsent(w.severity(), s -> new ArrayList<>()).add(w));
        String id = slothId(slo, indicator);
        List<Rule> rules = new ArrayList<>();
        bySeverity.forEach((severity, windows) -> {
            List<String> pairs = new ArrayList<>();
            List<String> names = new ArrayList<>();
            for (BurnRateWindow w : windows) {
                String threshold = "(" + decimal(w.factor()) + " * " + allowance(indicator) + ")";
                pairs.add("(\n  max without (sloth_window) (" + series(w.longWindow(), id, segment) + " > " + threshold + ")\n"
                        + "  and\n  max without (sloth_window) (" + series(w.shortWindow(), id, segment) + " > " + threshold + ")\n)");
                names.add(decimal(w.factor()) + "x over " + Durations.format(w.longWindow()) + "/" + Durations.format(w.shortWindow()));
            }
            Map<String, String> labels = new LinkedHashMap<>(slothLabels(slo, indicator));
            labels.put(SEGMENT_LABEL, segment);
            labels.put("severity", severity);
            Map<String, String> annotations = new LinkedHashMap<>();
            annotations.put("summary", "SLO " + slo.name() + ", indicator " + indicator.name() + ": segment " + segment
                    + " burns its error budget too fast");
            annotations.put("description", "The error ratio of segment " + segment + " is above the burn-rate threshold on both "
                    + "windows of a pair (" + String.join(", ", names) + "); at this pace the "
                    + Durations.format(slo.window()) + " budget of " + indicator.objective() + "% runs out early. "
                    + "Bulkhead freezes releases to the segment when its budget is exhausted.");
            rules.add(new Rule(null, ALERT, String.join("\nor\n", pairs), labels, annotations));
        });
        return rules;
    }

    private static String series(Duration window, String id, String segment) {
        return new PromqlSelector(RECORD_PREFIX + Durations.format(window), List.of(
                new PromqlSelector.Matcher("sloth_id", "=", id),
                new PromqlSelector.Matcher(SEGMENT_LABEL, "=", segment))).render();
    }

    private static Map<String, String> slothLabels(ServiceLevelObjective slo, Indicator indicator) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("sloth_id", slothId(slo, indicator));
        labels.put("sloth_service", slo.name());
        labels.put("sloth_slo", indicator.name());
        return labels;
    }

    private static String slothId(ServiceLevelObjective slo, Indicator indicator) {
        return slo.name() + "-" + indicator.name();
    }

    /** {@code 1 − objective} as a short decimal (99.9 → 0.001, never 0.0010000000000000009). */
    private static String allowance(Indicator indicator) {
        return BigDecimal.ONE.subtract(BigDecimal.valueOf(indicator.objective()).movePointLeft(2)).stripTrailingZeros().toPlainString();
    }

    private static String decimal(double value) {
        return new BigDecimal(value).round(DIGITS).stripTrailingZeros().toPlainString();
    }

    private static Map<String, Object> toMap(Group group) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("name", group.name());
        if (group.interval() != null) {
            map.put("interval", group.interval());
        }
        map.put("rules", group.rules().stream().map(PrometheusRules::toMap).toList());
        return map;
    }

    private static Map<String, Object> toMap(Rule rule) {
        Map<String, Object> map = new LinkedHashMap<>();
        if (rule.record() != null) {
            map.put("record", rule.record());
        } else {
            map.put("alert", rule.alert());
        }
        map.put("expr", rule.expr());
        map.put("labels", rule.labels());
        if (rule.annotations() != null) {
            map.put("annotations", rule.annotations());
        }
        return map;
    }

    /** Which tenants of the metric belong to one segment. */
    record TenantFilter(String segment, String tenantLabel, String op, String regex) {

        /** Null for a listed segment without tenants: it has no traffic to record. */
        static TenantFilter of(Segmentation.Segment segment, Segmentation segmentation, String tenantLabel) {
            if (segment.isDefault()) {
                Set<String> listed = new TreeSet<>();
                segmentation.segments().forEach(s -> listed.addAll(s.tenants()));
                return new TenantFilter(segment.name(), tenantLabel, "!~", alternatives(listed));
            }
            if (segment.tenants().isEmpty()) {
                return null;
            }
            return new TenantFilter(segment.name(), tenantLabel, "=~", alternatives(new TreeSet<>(segment.tenants())));
        }

        PromqlSelector restrict(PromqlSelector selector) {
            return selector.with(new PromqlSelector.Matcher(tenantLabel, op, regex));
        }

        /** Keeps the series of {@code expr} whose tenant label is in the segment (for raw PromQL). */
        String keep(String expr) {
            String q = PromqlSelector.quote(segment);
            String marked = "=~".equals(op)
                    ? "label_replace(" + expr + ", \"" + SEGMENT_LABEL + "\", " + q + ", \"" + tenantLabel + "\", "
                            + PromqlSelector.quote(regex) + ")"
                    : "label_replace(label_replace(" + expr + ", \"" + SEGMENT_LABEL + "\", " + q + ", \"\", \"\"), \""
                            + SEGMENT_LABEL + "\", \"\", \"" + tenantLabel + "\", " + PromqlSelector.quote(regex) + ")";
            return marked + " and on (" + SEGMENT_LABEL + ") label_replace(vector(1), \"" + SEGMENT_LABEL + "\", " + q + ", \"\", \"\")";
        }

        private static String alternatives(Set<String> tenants) {
            return String.join("|", new LinkedHashSet<>(tenants.stream().map(PromqlSelector::regexLiteral).toList()));
        }
    }
}
