package dev.bulkhead.operator.release.route;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Header match values for a list of tenant keys: one exact value per tenant, or alternations {@code ^(a|b|c)$}
 * packed up to a value-length limit. Both the Gateway API (implementation-specific {@code RegularExpression}) and
 * Istio ({@code regex}) use RE2 syntax, where metacharacters are escaped with a backslash.
 */
public final class TenantHeaderValues {

    private static final String META = "\\.+*?()|[]{}^$";
    private static final String OPEN = "^(";
    private static final String CLOSE = ")$";

    private TenantHeaderValues() {
    }

    /**
     * Alternations holding every tenant once, each at most {@code maxLength} characters, tenants in sorted order.
     *
     * @throws RouteExposureNotExpressibleException when one tenant key alone does not fit
     */
    public static List<String> regexChunks(Collection<String> tenants, int maxLength) {
        List<String> chunks = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String tenant : new TreeSet<>(tenants)) {
            String quoted = quote(tenant);
            if (OPEN.length() + quoted.length() + CLOSE.length() > maxLength) {
                throw new RouteExposureNotExpressibleException("tenant key '" + abbreviate(tenant)
                        + "' is too long for a header match value of at most " + maxLength + " characters");
            }
            int grown = OPEN.length() + current.length() + (current.isEmpty() ? 0 : 1) + quoted.length()
                    + CLOSE.length();
            if (grown > maxLength) {
                chunks.add(OPEN + current + CLOSE);
                current.setLength(0);
            }
            if (!current.isEmpty()) {
                current.append('|');
            }
            current.append(quoted);
        }
        if (!current.isEmpty()) {
            chunks.add(OPEN + current + CLOSE);
        }
        return chunks;
    }

    /** Checks that every tenant key fits an exact header match value. */
    public static void requireExactFits(Collection<String> tenants, int maxLength) {
        for (String tenant : tenants) {
            if (tenant.length() > maxLength) {
                throw new RouteExposureNotExpressibleException("tenant key '" + abbreviate(tenant)
                        + "' is too long for a header match value of at most " + maxLength + " characters");
            }
        }
    }

    /** The tenants of an alternation this class wrote, or empty when the value is not one. */
    public static Optional<SortedSet<String>> parseRegex(String value) {
        if (value == null || !value.startsWith(OPEN) || !value.endsWith(CLOSE) || value.length() <= 4) {
            return Optional.empty();
        }
        String body = value.substring(OPEN.length(), value.length() - CLOSE.length());
        SortedSet<String> tenants = new TreeSet<>();
        StringBuilder current = new StringBuilder();
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '\\') {
                if (i + 1 == body.length()) {
                    return Optional.empty();
                }
                current.append(body.charAt(++i));
            } else if (c == '|') {
                tenants.add(current.toString());
                current.setLength(0);
            } else if (META.indexOf(c) >= 0) {
                return Optional.empty(); // an unescaped metacharacter: someone else's pattern
            } else {
                current.append(c);
            }
        }
        tenants.add(current.toString());
        if (tenants.contains("")) {
            return Optional.empty();
        }
        return Optional.of(tenants);
    }

    static String quote(String tenant) {
        StringBuilder b = new StringBuilder(tenant.length() + 4);
        for (char c : tenant.toCharArray()) {
            if (META.indexOf(c) >= 0) {
                b.append('\\');
            }
            b.append(c);
        }
        return b.toString();
    }

    private static String abbreviate(String tenant) {
        return tenant.length() <= 40 ? tenant : tenant.substring(0, 40) + "…";
    }
}
