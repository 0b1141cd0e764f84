package io.agentmesh.agents.http;

import java.util.Set;

/**
 * The {@code MCP-Protocol-Version} header rule of MCP 2025-11-25 "Streamable HTTP" (Protocol Version
 * Header): on every request after initialize, a value this transport does not support gets 400; when the
 * header is absent the version negotiated at initialize applies, and without one 2025-03-26 (the version
 * the spec says to assume). The transport accepts the revisions that define Streamable HTTP; which
 * revision a session speaks is negotiated by the agent in its initialize result.
 */
public final class ProtocolVersionHeader {

    public static final String V2025_03_26 = "2025-03-26";
    public static final String V2025_06_18 = "2025-06-18";
    public static final String V2025_11_25 = "2025-11-25";

    /** Revisions whose Streamable HTTP transport this endpoint serves. */
    public static final Set<String> SUPPORTED = Set.of(V2025_03_26, V2025_06_18, V2025_11_25);

    /** What the spec says to assume when the header is absent and nothing was negotiated. */
    public static final String ASSUMED_WHEN_ABSENT = V2025_03_26;

    private ProtocolVersionHeader() {
    }

    public static boolean isSupported(String version) {
        return version != null && SUPPORTED.contains(version.trim());
    }
}
