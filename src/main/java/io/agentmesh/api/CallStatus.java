package io.agentmesh.api;

import io.agentmesh.routing.JsonRpc;

/**
 * The HTTP status of an answer of {@code POST /api/v1/call} (docs/api.md): 200 for a result; for an
 * error, a status that says what kind of failure it is. The body always carries the JSON-RPC error
 * itself, so clients may read either.
 */
public final class CallStatus {

    private CallStatus() {
    }

    /**
     * The status for a JSON-RPC error code (wire-v1 §5.5; an agent's own codes are 500 unless listed). The
     * errors MCP 2026-07-28 makes of a request the client should not have sent so (−32021 a capability it
     * did not declare, −32022 a version not served) are 400, as at {@code /mcp}.
     */
    public static int of(int code) {
        return switch (code) {
            case JsonRpc.PARSE_ERROR, JsonRpc.INVALID_REQUEST, JsonRpc.INVALID_PARAMS,
                    MeshCallException.MISSING_REQUIRED_CLIENT_CAPABILITY, ModernRequests.UNSUPPORTED_PROTOCOL_VERSION -> 400;
            case JsonRpc.FORBIDDEN -> 403;
            case JsonRpc.METHOD_NOT_FOUND, JsonRpc.AGENT_NOT_FOUND, JsonRpc.RESOURCE_NOT_FOUND -> 404;
            case JsonRpc.NODE_UNREACHABLE, JsonRpc.HOP_LIMIT_EXCEEDED -> 502;
            case JsonRpc.OVERLOADED -> 503;
            case JsonRpc.TIMEOUT -> 504;
            default -> 500;
        };
    }
}
