package dev.bulkhead.kubectl.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulkhead.kubectl.render.ImpactReport.Row;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The impact report as a table for people, CSV for spreadsheets (RFC 4180) and JSON for scripts. */
public final class ImpactFormats {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ImpactFormats() {
    }

    public static String table(ImpactReport report) {
        StringBuilder out = new StringBuilder();
        if (report.tenants().isEmpty()) {
            out.append("No tenant of rollout ").append(report.namespace()).append('/').append(report.rollout())
                    .append(" has been served by revision ").append(report.revision() == null ? "-" : report.revision())
                    .append(" yet.\n");
            return out.toString();
        }
        TextTable table = new TextTable("TENANT", "SEGMENT", "REQUESTS", "BAD", "BAD%", "EXCESS", "CULPRIT");
        for (Row r : report.tenants()) {
            table.row(r.tenant(), r.segment(), r.requests(), r.badRequests(), RolloutTree.percent(r.badRequests(), r.requests()),
                    r.excessBadRequests() == null ? null : String.format(Locale.ROOT, "%.1f", r.excessBadRequests()),
                    r.culprit() ? "yes" : "no");
        }
        out.append(table.render(""));
        out.append(String.format(Locale.ROOT, "%d tenants exposed to revision %s, %d saw errors; %d bad of %d requests (%s).%n",
                report.tenantsExposed(), report.revision() == null ? "-" : report.revision(), report.tenantsAffected(),
                report.badRequests(), report.requests(), RolloutTree.percent(report.badRequests(), report.requests())));
        if (!report.complete()) {
            out.append("Only the ").append(report.tenants().size()).append(" most affected tenants are listed: the operator"
                    + " names at most " + dev.bulkhead.engine.impact.CustomerImpact.TENANTS_KEPT + " tenants (the totals count"
                    + " every tenant), or status.engine could not be read and status.impact.top is shown.\n");
        }
        return out.toString();
    }

    public static String csv(ImpactReport report) {
        StringBuilder out = new StringBuilder("tenant,segment,requests,bad_requests,excess_bad_requests,culprit\r\n");
        for (Row r : report.tenants()) {
            out.append(Stream.of(r.tenant(), r.segment(), Long.toString(r.requests()), Long.toString(r.badRequests()),
                    r.excessBadRequests() == null ? "" : String.format(Locale.ROOT, "%.1f", r.excessBadRequests()),
                    Boolean.toString(r.culprit())).map(ImpactFormats::field).collect(Collectors.joining(","))).append("\r\n");
        }
        return out.toString();
    }

    public static String json(ImpactReport report) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(report) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the impact report cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** A CSV field, quoted when it holds a comma, a quote or a line break (tenant keys are whatever the platform uses). */
    static String field(String value) {
        if (value == null) {
            return "";
        }
        if (value.chars().anyMatch(c -> c == ',' || c == '"' || c == '\n' || c == '\r')) {
            return '"' + value.replace("\"", "\"\"") + '"';
        }
        return value;
    }
}
