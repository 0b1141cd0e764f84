package io.agentmesh.mcp;

import java.util.List;
import java.util.Set;

/**
 * The MCP protocol versions this host speaks, and version negotiation (MCP 2025-11-25,
 * basic/lifecycle: the server answers with the client's version when it supports it, else its latest).
 */
public final class ProtocolVersions {

    public static final String LATEST = "2025-11-25";

    /** The stateless revision: no initialize, the version in every request's {@code _meta} ({@link McpMeta}). */
    public static final String MODERN = "2026-07-28";

    /** Supported versions, newest first. */
    public static final List<String> SUPPORTED = List.of(LATEST, "2025-06-18");

    /** The modern (per-request versioned) versions served, newest first. */
    public static final List<String> MODERN_SUPPORTED = List.of(MODERN);

    /**
     * Every version served, newest first: what {@code server/discover} and {@code UnsupportedProtocolVersionError}
     * list (MCP 2026-07-28 basic/versioning; a legacy one is spoken after {@code initialize}).
     */
    public static final List<String> ADVERTISED = List.of(MODERN, LATEST, "2025-06-18");

    /**
     * The methods of the handshake revisions that 2026-07-28 removed (basic/versioning): a modern request of
     * one of them is −32601; the Java API sends them to agents as before, without {@code _meta}.
     */
    public static final Set<String> HANDSHAKE_ONLY_METHODS = Set.of("initialize", "ping", "logging/setLevel",
            "resources/subscribe", "resources/unsubscribe");

    private ProtocolVersions() {
    }

    public static boolean isSupported(String version) {
        return version != null && SUPPORTED.contains(version);
    }

    /** Whether a modern request naming {@code version} in its {@code _meta} is served. */
    public static boolean isModernSupported(String version) {
        return version != null && MODERN_SUPPORTED.contains(version);
    }

    /** The version to answer {@code initialize} with. */
    public static String negotiate(String requested) {
        return isSupported(requested) ? requested : LATEST;
    }
}
