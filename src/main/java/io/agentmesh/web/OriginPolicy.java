package io.agentmesh.web;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code Origin} check of MCP 2025-11-25 "Streamable HTTP", security warning 1 (and wire-v1 §7): a
 * request that carries an {@code Origin} header not in the allowed list is refused with 403, which
 * defends loopback servers against DNS rebinding. A request without {@code Origin} (not from a
 * browser) passes this check.
 *
 * <p>Patterns are {@code scheme://host[:port]}; a port of {@code *} matches any port and none. Hosts
 * compare case-insensitively; IPv6 hosts are written in brackets. The single pattern {@code *} allows
 * every origin. The serialised opaque origin {@code null} matches nothing but {@code *}.
 */
public final class OriginPolicy {

    private static final Pattern PATTERN =
            Pattern.compile("(https?)://(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9.-]+)(?::(\\*|[0-9]{1,5}))?");

    private final List<Rule> rules;
    private final boolean any;

    public OriginPolicy(List<String> patterns) {
        this.any = patterns.contains("*");
        this.rules = patterns.stream().filter(p -> !p.equals("*")).map(OriginPolicy::parse).toList();
    }

    /** Throws IllegalArgumentException unless {@code pattern} is a valid allowed-origin pattern. */
    public static void requireValidPattern(String pattern) {
        if (pattern == null || (!pattern.equals("*") && !PATTERN.matcher(pattern).matches())) {
            throw new IllegalArgumentException(
                    "an allowed origin is scheme://host[:port|:*] or *: " + pattern);
        }
    }

    /** True when a request with this {@code Origin} header value (empty when absent) may proceed. */
    public boolean allows(Optional<String> originHeader) {
        if (originHeader.isEmpty()) {
            return true;
        }
        if (any) {
            return true;
        }
        Optional<Origin> origin = Origin.parse(originHeader.get().trim());
        return origin.isPresent() && rules.stream().anyMatch(r -> r.matches(origin.get()));
    }

    private static Rule parse(String pattern) {
        Matcher m = PATTERN.matcher(pattern);
        if (!m.matches()) {
            throw new IllegalArgumentException("an allowed origin is scheme://host[:port|:*] or *: " + pattern);
        }
        String port = m.group(3);
        int p = port == null ? defaultPort(m.group(1)) : port.equals("*") ? -1 : Integer.parseInt(port);
        return new Rule(m.group(1).toLowerCase(Locale.ROOT), m.group(2).toLowerCase(Locale.ROOT), p);
    }

    private static int defaultPort(String scheme) {
        return scheme.equalsIgnoreCase("https") ? 443 : 80;
    }

    /** A pattern: port -1 is the wildcard. */
    private record Rule(String scheme, String host, int port) {
        boolean matches(Origin o) {
            return scheme.equals(o.scheme) && host.equals(o.host) && (port == -1 || port == o.port);
        }
    }

    /** A serialised origin as browsers send it: scheme, host, port (the scheme's default when absent). */
    private record Origin(String scheme, String host, int port) {
        static Optional<Origin> parse(String value) {
            try {
                URI uri = new URI(value);
                String scheme = uri.getScheme();
                String host = uri.getHost();
                if (scheme == null || host == null || uri.getRawUserInfo() != null
                        || (uri.getRawPath() != null && !uri.getRawPath().isEmpty())
                        || uri.getRawQuery() != null || uri.getRawFragment() != null) {
                    return Optional.empty();
                }
                scheme = scheme.toLowerCase(Locale.ROOT);
                int port = uri.getPort() == -1 ? defaultPort(scheme) : uri.getPort();
                return Optional.of(new Origin(scheme, host.toLowerCase(Locale.ROOT), port));
            } catch (URISyntaxException e) {
                return Optional.empty();
            }
        }
    }
}
