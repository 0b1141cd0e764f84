package io.agentmesh.admin.metrics;

import io.agentmesh.mcp.McpErrors;
import io.agentmesh.routing.JsonRpc;
import io.agentmesh.transport.CloseCodes;
import java.util.Set;

/**
 * Turns codes that a peer may choose (a JSON-RPC error code it relays, the close code of its close
 * frame) into metric label values from a fixed set: the codes this project knows by name, and
 * {@value #OTHER} for any other, so that no peer can add series (docs/metrics.md, "Labels and bounds").
 */
final class MetricLabels {

    /** The label value of every code, or peer, outside the known set. */
    static final String OTHER = "other";

    /** The JSON-RPC 2.0, mesh (wire-v1 §5.5) and MCP error codes of {@link JsonRpc} and {@link McpErrors}. */
    static final Set<Integer> ERROR_CODES = Set.of(JsonRpc.PARSE_ERROR, JsonRpc.INVALID_REQUEST,
            JsonRpc.METHOD_NOT_FOUND, JsonRpc.INVALID_PARAMS, JsonRpc.INTERNAL_ERROR,
            JsonRpc.NODE_UNREACHABLE, JsonRpc.AGENT_NOT_FOUND, JsonRpc.TIMEOUT, JsonRpc.HOP_LIMIT_EXCEEDED,
            JsonRpc.FORBIDDEN, JsonRpc.OVERLOADED, JsonRpc.RESOURCE_NOT_FOUND, JsonRpc.REQUEST_CANCELLED,
            McpErrors.HEADER_MISMATCH, McpErrors.MISSING_REQUIRED_CLIENT_CAPABILITY, McpErrors.UNSUPPORTED_PROTOCOL_VERSION);

    /**
     * The close codes of {@link CloseCodes} (wire-v1 §6) and the standard ones a socket reports without a
     * peer choosing them: 1002 (protocol error, a missing subprotocol), 1005 (no status in the close
     * frame), 1006 (the connection dropped) and 1008 (policy violation).
     */
    static final Set<Integer> CLOSE_CODES = Set.of(CloseCodes.NORMAL, CloseCodes.GOING_AWAY, 1002,
            CloseCodes.TEXT_MESSAGE, 1005, 1006, 1008, CloseCodes.MESSAGE_TOO_BIG, CloseCodes.INTERNAL_ERROR,
            CloseCodes.PROTOCOL_ERROR, CloseCodes.HANDSHAKE_FAILED, CloseCodes.DECRYPT_FAILED, CloseCodes.REFUSED,
            CloseCodes.HANDSHAKE_TIMEOUT, CloseCodes.DUPLICATE_LINK);

    private MetricLabels() {
    }

    /** The {@code code} label of a JSON-RPC error code: the code when known, else {@value #OTHER}. */
    static String errorCode(int code) {
        return ERROR_CODES.contains(code) ? Integer.toString(code) : OTHER;
    }

    /** The {@code code} label of a WebSocket close code: the code when known, else {@value #OTHER}. */
    static String closeCode(int code) {
        return CLOSE_CODES.contains(code) ? Integer.toString(code) : OTHER;
    }
}
