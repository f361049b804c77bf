package dev.bulkhead.traffic;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Refuses every target that is not this machine: the generator is a load tool, and pointed at someone else's service
 * it is a denial of service. Accepted hosts: {@code localhost}, a dotted IPv4 literal in 127.0.0.0/8, and the IPv6
 * loopback {@code [::1]}. Names other than {@code localhost} are refused without resolving them, since what a name
 * resolves to can change between the check and the requests.
 */
public final class LoopbackGuard {

    private static final Pattern DOTTED_QUAD = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");

    private LoopbackGuard() {
    }

    /**
     * The URL as a URI when it is an http(s) URL on a loopback host.
     *
     * @throws IllegalArgumentException with a sentence naming the URL and what is allowed
     */
    public static URI requireLoopback(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("--url " + url + " is not a URL: " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("--url " + url + ": only http:// and https:// URLs are supported");
        }
        String host = uri.getHost();
        if (host == null || !isLoopback(host)) {
            throw new IllegalArgumentException("--url " + url + ": refusing a target that is not this machine;"
                    + " the host must be localhost, 127.x.y.z or [::1]");
        }
        return uri;
    }

    /** Whether a URI host (IPv6 literals in brackets) is a loopback host, without any name resolution. */
    static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.equals("localhost") || h.equals("localhost.")) {
            return true;
        }
        Matcher quad = DOTTED_QUAD.matcher(h);
        if (quad.matches()) {
            for (int i = 1; i <= 4; i++) {
                if (Integer.parseInt(quad.group(i)) > 255) {
                    return false;
                }
            }
            return Integer.parseInt(quad.group(1)) == 127;
        }
        if (h.startsWith("[") && h.endsWith("]")) {
            String literal = h.substring(1, h.length() - 1);
            if (literal.contains("%") || !literal.matches("[0-9a-f:.]+")) {
                return false; // zone ids and anything that is not a pure literal
            }
            try {
                // A literal of hex digits, colons and dots: InetAddress parses it without a lookup.
                return InetAddress.getByName(literal).isLoopbackAddress();
            } catch (UnknownHostException e) {
                return false;
            }
        }
        return false;
    }
}
