package io.agentmesh.agents.bridge;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The syntax of {@code mesh.bridge.<id>.headers}: extra HTTP headers a bridge sends with every request
 * to its MCP server, for example {@code Authorization=Bearer abc; X-Tenant=blue}.
 * <ul>
 * <li>Entries are separated by {@code ;}; each is {@code Name=Value}, split at the first {@code =}.
 * Space around names, values and entries is ignored; empty entries are skipped.</li>
 * <li>A literal {@code ;} in a value is written {@code \;}, a literal backslash {@code \\}.</li>
 * <li>A name is an HTTP token (RFC 9110 §5.6.2) and appears at most once (case-insensitively).
 * A value holds visible ASCII, spaces and tabs only (no line breaks).</li>
 * <li>Headers the transport manages itself are refused: {@code Accept}, {@code Content-Type},
 * {@code Mcp-Session-Id}, {@code MCP-Protocol-Version}, {@code Last-Event-ID}, and the connection
 * headers the JDK HTTP client forbids ({@code Host}, {@code Connection}, {@code Content-Length},
 * {@code Expect}, {@code Upgrade}, ...).</li>
 * </ul>
 * Error messages name the header but never its value (values are often credentials).
 */
public final class HeaderSyntax {

    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    private static final Set<String> MANAGED = Set.of("accept", "content-type", "mcp-session-id",
            "mcp-protocol-version", "last-event-id", "host", "connection", "content-length", "expect", "upgrade",
            "te", "trailer", "transfer-encoding", "keep-alive", "proxy-connection", "http2-settings");

    private HeaderSyntax() {
    }

    /**
     * Parses a header list; throws IllegalArgumentException naming the offending entry.
     *
     * @return the headers in the order written
     */
    public static Map<String, String> parse(String text) {
        var headers = new LinkedHashMap<String, String>();
        if (text == null || text.isBlank()) {
            return Map.of();
        }
        int index = 0;
        for (String entry : split(text)) {
            index++;
            if (entry.isBlank()) {
                continue;
            }
            int eq = entry.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("header entry " + index + " has no '=': write Name=Value");
            }
            String name = entry.substring(0, eq).trim();
            String value = entry.substring(eq + 1).trim();
            requireValid(name, value);
            for (String existing : headers.keySet()) {
                if (existing.equalsIgnoreCase(name)) {
                    throw new IllegalArgumentException("header " + name + " is given twice");
                }
            }
            headers.put(name, value);
        }
        return Collections.unmodifiableMap(headers);
    }

    /** Checks one header; throws IllegalArgumentException naming it (never its value). */
    public static void requireValid(String name, String value) {
        if (name == null || !TOKEN.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid header name '" + name + "': must be an HTTP token");
        }
        String lower = name.toLowerCase(Locale.ROOT);
        if (MANAGED.contains(lower) || lower.startsWith("proxy-")) {
            throw new IllegalArgumentException("header " + name + " cannot be configured: the transport sets it");
        }
        if (value == null || !value.chars().allMatch(c -> c == '\t' || c >= 0x20 && c < 0x7f)) {
            throw new IllegalArgumentException("header " + name + " has a value with characters other than "
                    + "visible ASCII, space and tab");
        }
    }

    /** Writes headers in this syntax (escaping {@code ;} and {@code \}); the inverse of {@link #parse}. */
    public static String format(Map<String, String> headers) {
        var out = new StringBuilder();
        headers.forEach((name, value) -> {
            if (!out.isEmpty()) {
                out.append("; ");
            }
            out.append(name).append('=').append(value.replace("\\", "\\\\").replace(";", "\\;"));
        });
        return out.toString();
    }

    private static java.util.List<String> split(String text) {
        var entries = new java.util.ArrayList<String>();
        var current = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                if (i + 1 >= text.length()) {
                    throw new IllegalArgumentException("header list ends with a lone '\\'");
                }
                char next = text.charAt(++i);
                if (next != ';' && next != '\\') {
                    throw new IllegalArgumentException("a '\\' in a header list must be followed by ';' or '\\'");
                }
                current.append(next);
            } else if (c == ';') {
                entries.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        entries.add(current.toString());
        return entries;
    }
}
