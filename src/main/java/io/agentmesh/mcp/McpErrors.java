package io.agentmesh.mcp;

import io.agentmesh.json.Json;
import io.agentmesh.routing.JsonRpcException;

/**
 * The error codes MCP 2026-07-28 defines in the sub-range it reserves (basic/index, "Error Codes"; schema
 * {@code HeaderMismatchError}, {@code MissingRequiredClientCapabilityError},
 * {@code UnsupportedProtocolVersionError}), and the one error of them that an agent makes.
 */
public final class McpErrors {

    /** The HTTP headers do not match the body, or a required one is missing or malformed (transport). */
    public static final int HEADER_MISMATCH = -32020;
    /** Serving the request needs a client capability the request did not declare. */
    public static final int MISSING_REQUIRED_CLIENT_CAPABILITY = -32021;
    /** The request's protocol version is one this server does not serve. */
    public static final int UNSUPPORTED_PROTOCOL_VERSION = -32022;

    private McpErrors() {
    }

    /**
     * {@code UnsupportedProtocolVersionError} (basic/versioning, "Protocol Version Negotiation"): message
     * {@code "Unsupported protocol version"}, data {@code {supported, requested}}, {@code supported} being
     * {@link ProtocolVersions#ADVERTISED}.
     */
    public static JsonRpcException unsupportedVersion(String requested) {
        var supported = Json.createArrayBuilder();
        ProtocolVersions.ADVERTISED.forEach(supported::add);
        return new JsonRpcException(UNSUPPORTED_PROTOCOL_VERSION, "Unsupported protocol version",
                Json.createObjectBuilder().add("supported", supported).add("requested", requested).build());
    }
}
