package dev.bulkhead.kubectl.render;

import dev.bulkhead.analysis.VerdictRecord;
import dev.bulkhead.analysis.model.Durations;
import dev.bulkhead.api.v1alpha1.Condition;
import dev.bulkhead.api.v1alpha1.HistoryEntry;
import dev.bulkhead.api.v1alpha1.ImpactSummary;
import dev.bulkhead.api.v1alpha1.ReleaseMethod;
import dev.bulkhead.api.v1alpha1.Rollout;
import dev.bulkhead.api.v1alpha1.RolloutSpec;
import dev.bulkhead.api.v1alpha1.RolloutStatus;
import dev.bulkhead.api.v1alpha1.SegmentStatus;
import dev.bulkhead.api.v1alpha1.TenantImpact;
import dev.bulkhead.kubectl.Annotations;
import dev.bulkhead.kubectl.render.PlannedSteps.PlannedStep;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A rollout as a tree for people: the header (revisions, release method, exposure, impact, what it waits for), then
 * each segment in release order with its planned steps, the analysis' looks at the step it is on, its budget and burn
 * rates and the tenants that carry a regression; then the conditions and the latest history. Pure: the rollout and
 * the time in, text out.
 */
public final class RolloutTree {

    /** Looks shown under the step of a segment that is moving; the engine keeps up to 40 across segments. */
    static final int LOOKS_SHOWN = 5;
    private static final Set<String> MOVING = Set.of("Progressing", "Paused", "Frozen");

    private RolloutTree() {
    }

    public static String render(Rollout rollout, Instant now, int historyShown) {
        StringBuilder out = new StringBuilder();
        RolloutSpec spec = rollout.getSpec();
        RolloutStatus status = Optional.ofNullable(rollout.getStatus())
                .orElse(new RolloutStatus(null, null, null, null, null, null, null, null, null, null, null, null));
        EngineView engine = EngineView.of(rollout);
        Map<String, String> annotations = rollout.getMetadata().getAnnotations();

        out.append("Rollout ").append(rollout.getMetadata().getNamespace()).append('/').append(rollout.getMetadata().getName())
                .append(": ").append(Optional.ofNullable(status.phase()).orElse("(no status yet: is the operator running?)"))
                .append('\n');
        header(out, rollout, spec, status, engine, annotations);

        out.append("Segments\n");
        List<SegmentStatus> segments = Optional.ofNullable(status.segments()).orElse(List.of());
        if (segments.isEmpty()) {
            out.append("  (none yet: the operator lists them once it has resolved the Segmentation and the plan)\n");
        }
        for (int i = 0; i < segments.size(); i++) {
            segment(out, spec, segments.get(i), engine, annotations, now, i == segments.size() - 1);
        }

        List<Condition> conditions = Optional.ofNullable(status.conditions()).orElse(List.of());
        if (!conditions.isEmpty()) {
            out.append("Conditions\n");
            TextTable table = new TextTable("TYPE", "STATUS", "REASON", "AGE", "MESSAGE");
            conditions.forEach(c -> table.row(c.type(), c.status() == null ? null : Words.camel(c.status().name()), c.reason(),
                    Ages.since(c.lastTransitionTime(), now), c.message()));
            out.append(table.render("  "));
        }

        List<HistoryEntry> history = Optional.ofNullable(status.history()).orElse(List.of());
        if (historyShown > 0 && !history.isEmpty()) {
            List<HistoryEntry> latest = history.subList(Math.max(0, history.size() - historyShown), history.size());
            out.append("History (latest ").append(latest.size()).append(" of ").append(history.size()).append(")\n");
            TextTable table = new TextTable("AGE", "PHASE", "SEGMENT", "REASON", "MESSAGE");
            latest.forEach(h -> table.row(Ages.since(h.time(), now), h.phase(), h.segment(), h.reason(),
                    h.actor() == null ? h.message() : h.message() + " (by " + h.actor() + ")"));
            out.append(table.render("  "));
        }
        return out.toString();
    }

    private static void header(StringBuilder out, Rollout rollout, RolloutSpec spec, RolloutStatus status, EngineView engine,
            Map<String, String> annotations) {
        List<String> revision = new ArrayList<>();
        if (status.canaryRevision() != null) {
            revision.add("revision " + status.canaryRevision());
        }
        if (status.stableRevision() != null) {
            revision.add("stable " + status.stableRevision());
        }
        String method = releaseMethod(spec);
        if (method != null) {
            revision.add("released by " + method);
        }
        line(out, String.join(", ", revision));
        if (spec != null) {
            List<String> inputs = new ArrayList<>();
            if (spec.segmentationRef() != null) {
                inputs.add("segmentation " + spec.segmentationRef().name());
            }
            if (spec.analysis() != null && spec.analysis().sloRefs() != null) {
                inputs.add("judged by SLO " + spec.analysis().sloRefs().stream().map(r -> r.name())
                        .collect(Collectors.joining(", ")) + " every " + Optional.ofNullable(spec.analysis().interval()).orElse("1m"));
            }
            line(out, String.join("; ", inputs));
        }
        if (status.exposure() != null) {
            line(out, "exposure " + status.exposure());
        }
        ImpactSummary impact = status.impact();
        if (impact != null && impact.tenantsExposed() != null) {
            line(out, String.format(Locale.ROOT, "impact: %d of %d exposed tenants saw errors; %d bad of %d requests (%s)",
                    nz(impact.tenantsAffected()), impact.tenantsExposed(), nz(impact.badRequests()), nz(impact.requests()),
                    percent(nz(impact.badRequests()), nz(impact.requests()))));
        }
        engine.blockedBy().ifPresent(b -> line(out, "waiting for: " + b));
        Annotations.get(annotations, Annotations.ACTION).ifPresent(a -> line(out, "pending action: " + a
                + Annotations.get(annotations, Annotations.ACTOR).map(who -> " by " + who).orElse("")
                + " (the operator has not applied it yet)"));
        Annotations.get(annotations, Annotations.OVERRIDE_FREEZE)
                .ifPresent(r -> line(out, "budget freezes overridden for every segment: " + r));
    }

    private static void segment(StringBuilder out, RolloutSpec spec, SegmentStatus s, EngineView engine,
            Map<String, String> annotations, Instant now, boolean last) {
        String branch = last ? "└── " : "├── ";
        String indent = last ? "    " : "│   ";
        out.append(branch).append(s.name()).append("  ").append(Optional.ofNullable(s.state()).orElse("-")).append("  ")
                .append(nz(s.exposedPercent())).append('%').append(tenants(s)).append('\n');

        List<PlannedStep> steps = PlannedSteps.of(spec, s.name());
        int current = s.step() == null ? -1 : s.step();
        Instant stepStarted = engine.stepStartedAt(s.name()).orElse(null);
        List<String> stepLines = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            PlannedStep step = steps.get(i);
            StringBuilder line = new StringBuilder("step ").append(i).append("  ").append(step.percent()).append("%  bake ")
                    .append(step.bake());
            if (step.manualGate()) {
                line.append("  manual gate");
            }
            String mark = mark(s.state(), i, current, stepStarted, now);
            if (!mark.isEmpty()) {
                line.append("  ").append(mark);
            }
            stepLines.add(line.toString());
        }
        List<String> looks = current >= 0 && current < steps.size() ? looks(s, engine, stepStarted, now) : List.of();

        List<String> extra = new ArrayList<>();
        if (s.budgetRemaining() != null || (s.burnRates() != null && !s.burnRates().isEmpty()) || s.canaryBurnRate() != null) {
            extra.add(budget(s));
        }
        Optional<String> asked = Annotations.get(annotations, Annotations.segmentOverride(s.name()));
        if (engine.exhausted(s.name())) {
            Optional<String> override = engine.appliedOverride(s.name()).or(() -> asked);
            extra.add(override.map(r -> "error budget exhausted; freeze overridden: " + r)
                    .orElse("frozen: its error budget is exhausted"));
        } else {
            asked.ifPresent(r -> extra.add("freeze override set: " + r));
        }
        List<TenantImpact> impacted = Optional.ofNullable(s.impactedTenants()).orElse(List.of());

        int total = stepLines.size() + extra.size() + (impacted.isEmpty() ? 0 : 1);
        int n = 0;
        for (int i = 0; i < stepLines.size(); i++) {
            boolean lastChild = ++n == total;
            out.append(indent).append(lastChild ? "└── " : "├── ").append(stepLines.get(i)).append('\n');
            if (i == current) {
                String under = indent + (lastChild ? "    " : "│   ");
                for (int k = 0; k < looks.size(); k++) {
                    out.append(under).append(k == looks.size() - 1 ? "└── " : "├── ").append(looks.get(k)).append('\n');
                }
            }
        }
        for (String e : extra) {
            out.append(indent).append(++n == total ? "└── " : "├── ").append(e).append('\n');
        }
        if (!impacted.isEmpty()) {
            out.append(indent).append("└── tenants carrying the regression\n");
            int width = impacted.stream().mapToInt(t -> t.tenant().length()).max().orElse(0);
            for (int k = 0; k < impacted.size(); k++) {
                TenantImpact t = impacted.get(k);
                out.append(indent).append("    ").append(k == impacted.size() - 1 ? "└── " : "├── ")
                        .append(String.format(Locale.ROOT, "%-" + width + "s  %d bad of %d requests", t.tenant(),
                                nz(t.badRequests()), nz(t.requests())))
                        .append(t.excessBadRequests() == null ? ""
                                : String.format(Locale.ROOT, ", %.1f more than stable's rate predicts", t.excessBadRequests()))
                        .append('\n');
            }
        }
    }

    /** What a step is to its segment: done, where it is now, or where it stopped. */
    private static String mark(String state, int index, int current, Instant stepStarted, Instant now) {
        if (current < 0 || "Pending".equals(state)) {
            return "";
        }
        if (index < current) {
            return "passed";
        }
        if (index > current) {
            return "Released".equals(state) ? "skipped" : "";
        }
        return switch (Optional.ofNullable(state).orElse("")) {
            case "Released" -> "passed";
            case "Progressing" -> "current" + (stepStarted == null ? ""
                    : ", for " + Ages.of(Duration.between(stepStarted, now)));
            case "RolledBack" -> "rolled back here";
            case "" -> "current";
            default -> state.toLowerCase(Locale.ROOT) + " here";
        };
    }

    /** The analysis' looks at the segment's current step, newest last; the status' latest verdict when there are none. */
    private static List<String> looks(SegmentStatus s, EngineView engine, Instant stepStarted, Instant now) {
        List<VerdictRecord> looks = engine.looks(s.name(), stepStarted);
        List<String> lines = new ArrayList<>();
        if (looks.isEmpty()) {
            if (s.verdict() != null) {
                lines.add(s.verdict() + "  " + Ages.since(s.lastAnalysis(), now) + " ago"
                        + (s.verdictMessage() == null ? "" : "  " + s.verdictMessage()));
            }
            return lines;
        }
        // A segment that is done (released, rolled back) or not started is summed up by its latest look.
        int shown = MOVING.contains(String.valueOf(s.state())) ? LOOKS_SHOWN : 1;
        if (looks.size() > shown) {
            lines.add("… " + (looks.size() - shown) + " earlier looks");
            looks = looks.subList(looks.size() - shown, looks.size());
        }
        for (VerdictRecord l : looks) {
            StringBuilder line = new StringBuilder(Words.camel(l.verdict().name())).append("  ")
                    .append(l.evaluatedAt() == null ? "-" : Ages.of(Duration.between(l.evaluatedAt(), now)))
                    .append(" ago  ").append(l.reason());
            if (!Double.isNaN(l.canaryEvents())) {
                line.append(String.format(Locale.ROOT, "  %s: %s %.0f bad of %.0f (%s) vs stable %.0f of %.0f (%s), statistic %.2f / %.2f",
                        l.indicator(), l.canaryLabel(), l.canaryBad(), l.canaryEvents(), rate(l.canaryRate()), l.stableBad(), l.stableEvents(),
                        rate(l.stableRate()), l.statistic(), l.threshold()));
            }
            if (!l.culpritTenants().isEmpty()) {
                line.append("; culprits ").append(String.join(", ", l.culpritTenants()));
            }
            lines.add(line.toString());
        }
        return lines;
    }

    private static String budget(SegmentStatus s) {
        List<String> parts = new ArrayList<>();
        if (s.budgetRemaining() != null) {
            parts.add(String.format(Locale.ROOT, "budget %.1f%% left", s.budgetRemaining()));
        }
        if (s.burnRates() != null && !s.burnRates().isEmpty()) {
            parts.add("burn rate " + s.burnRates().entrySet().stream()
                    .sorted(Map.Entry.comparingByKey(Comparator.comparing(RolloutTree::windowLength)))
                    .map(e -> String.format(Locale.ROOT, "%s %.2fx", e.getKey(), e.getValue()))
                    .collect(Collectors.joining(", ")));
        }
        if (s.canaryBurnRate() != null) {
            parts.add(String.format(Locale.ROOT, "canary's own burn rate %.2fx since the first look", s.canaryBurnRate()));
        }
        return String.join("; ", parts);
    }

    /** Burn-rate windows shortest first; a key that is not a duration goes last. */
    private static Duration windowLength(String window) {
        try {
            return Durations.parse(window, "window");
        } catch (IllegalArgumentException e) {
            return Duration.ofSeconds(Long.MAX_VALUE);
        }
    }

    private static String tenants(SegmentStatus s) {
        if (s.exposedTenants() == null) {
            return "";
        }
        return " (" + s.exposedTenants() + (s.tenants() == null ? "" : "/" + s.tenants()) + " tenants)";
    }

    private static String releaseMethod(RolloutSpec spec) {
        ReleaseMethod release = spec == null ? null : spec.release();
        if (release == null) {
            return null;
        }
        if (release.flag() != null) {
            return "flag " + release.flag().feature();
        }
        if (release.route() != null && release.route().gatewayAPI() != null && release.route().gatewayAPI().httpRoute() != null) {
            return "HTTPRoute " + release.route().gatewayAPI().httpRoute().name();
        }
        if (release.route() != null && release.route().istio() != null && release.route().istio().virtualService() != null) {
            return "VirtualService " + release.route().istio().virtualService().name();
        }
        return null;
    }

    private static void line(StringBuilder out, String text) {
        if (!text.isEmpty()) {
            out.append("  ").append(text).append('\n');
        }
    }

    static String percent(long part, long whole) {
        return whole == 0 ? "-" : String.format(Locale.ROOT, "%.1f%%", 100.0 * part / whole);
    }

    private static String rate(double r) {
        return Double.isNaN(r) ? "n/a" : String.format(Locale.ROOT, "%.2f%%", 100 * r);
    }

    private static long nz(Number n) {
        return n == null ? 0 : n.longValue();
    }
}
