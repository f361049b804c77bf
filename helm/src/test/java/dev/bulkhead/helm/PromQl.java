package dev.bulkhead.helm;

import java.util.Set;
import java.util.TreeSet;

/**
 * The metric names a PromQL expression selects, for checking them against what the operator exports. A small
 * tokenizer, enough for the expressions the chart ships (Prometheus 2.42 has no parse endpoint to ask): it skips
 * strings, label matchers in braces, ranges and offsets in brackets, label lists after by/without/on/ignoring/
 * group_left/group_right, and identifiers that call a function or are keywords; what remains are metric names.
 */
final class PromQl {

    private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right",
            "offset", "bool", "and", "or", "unless", "atan2", "inf", "nan",
            // aggregation operators, which may take their grouping before the parenthesis: sum by (x) (...)
            "sum", "min", "max", "avg", "count", "stddev", "stdvar", "topk", "bottomk", "quantile", "count_values", "group");
    private static final Set<String> LABEL_LISTS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right");

    private PromQl() {
    }

    static Set<String> metricNames(String expr) {
        Set<String> names = new TreeSet<>();
        int i = 0;
        String previousWord = null;
        while (i < expr.length()) {
            char c = expr.charAt(i);
            if (c == '"' || c == '\'' || c == '`') {
                i = skipString(expr, i);
                continue;
            } else if (c == '{') {
                i = skipTo(expr, i, '}');
                continue;
            } else if (c == '[') {
                i = skipTo(expr, i, ']');
                continue;
            } else if (c == '(' && previousWord != null && LABEL_LISTS.contains(previousWord)) {
                i = skipTo(expr, i, ')');
                previousWord = null;
                continue;
            } else if (Character.isLetter(c) || c == '_' || c == ':') {
                int start = i;
                while (i < expr.length() && (Character.isLetterOrDigit(expr.charAt(i)) || expr.charAt(i) == '_'
                        || expr.charAt(i) == ':')) {
                    i++;
                }
                String word = expr.substring(start, i);
                int next = i;
                while (next < expr.length() && Character.isWhitespace(expr.charAt(next))) {
                    next++;
                }
                boolean call = next < expr.length() && expr.charAt(next) == '(';
                String lower = word.toLowerCase(java.util.Locale.ROOT);
                if (!call && !KEYWORDS.contains(lower) && !isDurationAfterOffset(previousWord, word)) {
                    names.add(word);
                }
                previousWord = lower;
                continue;
            } else if (Character.isDigit(c)) {
                // numbers and durations (5m) are not names
                while (i < expr.length() && (Character.isLetterOrDigit(expr.charAt(i)) || expr.charAt(i) == '.')) {
                    i++;
                }
                continue;
            } else if (!Character.isWhitespace(c)) {
                previousWord = null;
            }
            i++;
        }
        return names;
    }

    private static boolean isDurationAfterOffset(String previousWord, String word) {
        return "offset".equals(previousWord) && word.matches("\\d.*");
    }

    private static int skipString(String expr, int start) {
        char quote = expr.charAt(start);
        int i = start + 1;
        while (i < expr.length() && expr.charAt(i) != quote) {
            i += expr.charAt(i) == '\\' && quote != '`' ? 2 : 1;
        }
        return i + 1;
    }

    private static int skipTo(String expr, int start, char close) {
        int i = start + 1;
        while (i < expr.length() && expr.charAt(i) != close) {
            if (expr.charAt(i) == '"' || expr.charAt(i) == '\'' || expr.charAt(i) == '`') {
                i = skipString(expr, i);
            } else {
                i++;
            }
        }
        return i + 1;
    }
}
