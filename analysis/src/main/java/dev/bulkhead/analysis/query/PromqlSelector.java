package dev.bulkhead.analysis.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A PromQL instant-vector selector ({@code name{label="v", other=~"re"}}), parsed so that Bulkhead can add its
 * own matchers and wrap it in functions without string concatenation on user input. Anything that is not a
 * plain selector (functions, operators, ranges, offsets) is rejected: those belong in the {@code raw} form.
 */
public record PromqlSelector(String metric, List<Matcher> matchers) {

    private static final Pattern METRIC = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    /** One label matcher; {@code value} is the decoded string, re-quoted when rendered. */
    public record Matcher(String label, String op, String value) {
        public Matcher {
            if (!LABEL.matcher(label).matches()) {
                throw new IllegalArgumentException("'" + label + "' is not a valid label name");
            }
            if (!List.of("=", "!=", "=~", "!~").contains(op)) {
                throw new IllegalArgumentException("'" + op + "' is not a label matcher operator");
            }
            Objects.requireNonNull(value, "value");
        }

        String render() {
            return label + op + quote(value);
        }
    }

    public PromqlSelector {
        if (metric != null && !METRIC.matcher(metric).matches()) {
            throw new IllegalArgumentException("'" + metric + "' is not a valid metric name");
        }
        matchers = List.copyOf(matchers);
        if (metric == null && matchers.isEmpty()) {
            throw new IllegalArgumentException("a selector needs a metric name or at least one matcher");
        }
    }

    /** Parses {@code text}; the message names {@code field} and the position of the problem. */
    public static PromqlSelector parse(String text, String field) {
        try {
            return new Parser(text).selector();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + ": " + e.getMessage()
                    + " (expected a selector like http_requests_total{job=\"checkout\"}; use the raw form for other PromQL)");
        }
    }

    /** A copy with one more matcher. */
    public PromqlSelector with(Matcher extra) {
        List<Matcher> all = new ArrayList<>(matchers);
        all.add(extra);
        return new PromqlSelector(metric, all);
    }

    public boolean matchesLabel(String label) {
        return matchers.stream().anyMatch(m -> m.label().equals(label));
    }

    public String render() {
        StringBuilder sb = new StringBuilder(metric == null ? "" : metric);
        if (!matchers.isEmpty() || metric == null) {
            sb.append('{');
            for (int i = 0; i < matchers.size(); i++) {
                sb.append(i == 0 ? "" : ", ").append(matchers.get(i).render());
            }
            sb.append('}');
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return render();
    }

    /** A double-quoted PromQL string literal (Go escaping rules: backslash, quote and control characters). */
    public static String quote(String value) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '"' -> sb.append("\\\"");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    /** Escapes RE2 metacharacters so that a literal value can be one alternative of a {@code =~} matcher. */
    public static String regexLiteral(String value) {
        StringBuilder sb = new StringBuilder();
        for (char c : value.toCharArray()) {
            if ("\\.+*?()|[]{}^$".indexOf(c) >= 0) {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.toString();
    }

    private static final class Parser {
        private final String s;
        private int i;

        Parser(String s) {
            this.s = s == null ? "" : s;
        }

        PromqlSelector selector() {
            skip();
            String metric = null;
            if (i < s.length() && s.charAt(i) != '{') {
                int start = i;
                while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_' || s.charAt(i) == ':')) {
                    i++;
                }
                metric = s.substring(start, i);
                if (metric.isEmpty() || !METRIC.matcher(metric).matches()) {
                    throw error("a metric name");
                }
                skip();
            }
            List<Matcher> matchers = new ArrayList<>();
            if (i < s.length() && s.charAt(i) == '{') {
                i++;
                skip();
                while (i < s.length() && s.charAt(i) != '}') {
                    matchers.add(matcher());
                    skip();
                    if (i < s.length() && s.charAt(i) == ',') {
                        i++;
                        skip();
                    } else if (i < s.length() && s.charAt(i) != '}') {
                        throw error("',' or '}'");
                    }
                }
                if (i >= s.length()) {
                    throw error("'}'");
                }
                i++;
                skip();
            }
            if (i != s.length()) {
                throw error("the end of the selector");
            }
            if (metric == null && matchers.isEmpty()) {
                throw new IllegalArgumentException("the selector is empty");
            }
            return new PromqlSelector(metric, matchers);
        }

        private Matcher matcher() {
            int start = i;
            while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
                i++;
            }
            String label = s.substring(start, i);
            if (label.isEmpty() || !LABEL.matcher(label).matches()) {
                throw error("a label name");
            }
            skip();
            String op;
            if (s.startsWith("=~", i) || s.startsWith("!=", i) || s.startsWith("!~", i)) {
                op = s.substring(i, i + 2);
                i += 2;
            } else if (s.startsWith("=", i)) {
                op = "=";
                i++;
            } else {
                throw error("=, !=, =~ or !~");
            }
            skip();
            return new Matcher(label, op, string());
        }

        private String string() {
            if (i >= s.length()) {
                throw error("a quoted string");
            }
            char q = s.charAt(i);
            if (q != '"' && q != '\'' && q != '`') {
                throw error("a quoted string");
            }
            i++;
            StringBuilder sb = new StringBuilder();
            while (i < s.length() && s.charAt(i) != q) {
                char c = s.charAt(i++);
                if (c == '\\' && q != '`') {
                    if (i >= s.length()) {
                        break;
                    }
                    char e = s.charAt(i++);
                    switch (e) {
                        case 'n' -> sb.append('\n');
                        case 't' -> sb.append('\t');
                        case 'r' -> sb.append('\r');
                        case '\\', '"', '\'' -> sb.append(e);
                        default -> sb.append('\\').append(e); // regex escapes such as \. pass through
                    }
                } else {
                    sb.append(c);
                }
            }
            if (i >= s.length()) {
                throw error("a closing " + q);
            }
            i++;
            return sb.toString();
        }

        private void skip() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }

        private IllegalArgumentException error(String expected) {
            return new IllegalArgumentException("expected " + expected + " at position " + i + " of '" + s + "'");
        }
    }
}
