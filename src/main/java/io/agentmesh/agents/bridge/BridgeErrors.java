package io.agentmesh.agents.bridge;

import io.agentmesh.json.Json;
import io.agentmesh.routing.JsonRpc;
import io.agentmesh.routing.JsonRpcException;
import jakarta.json.JsonObject;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The JSON-RPC errors a bridged agent answers with, each naming the bridge and its server in its message
 * and its {@code data} ({@code {"agent": id, "bridge": target}}): −32060 while the server cannot be
 * reached, −32062 for a missed deadline, −32601 for subscriptions the server does not offer, −32603 for
 * any other failed exchange. The server's own JSON-RPC errors pass through unchanged.
 */
final class BridgeErrors {

    private static final Logger LOG = Logger.getLogger(BridgeErrors.class.getName());

    private final BridgeSettings settings;

    BridgeErrors(BridgeSettings settings) {
        this.settings = settings;
    }

    /** −32060: the bridge is not up, with why (the last failure and the next attempt when down). */
    JsonRpcException unavailable(BridgeStatus s) {
        String why = switch (s.state()) {
            case DOWN -> "the MCP server at " + settings.target() + " is unreachable (" + s.detail() + ")"
                    + s.nextAttempt().map(t -> "; next attempt at " + t).orElse("");
            case CONNECTING -> "connecting to the MCP server at " + settings.target();
            default -> "stopped";
        };
        return new JsonRpcException(JsonRpc.NODE_UNREACHABLE, "bridge " + settings.id() + ": " + why, data());
    }

    /** −32601 for {@code resources/subscribe}: the server did not declare subscriptions. */
    JsonRpcException noSubscriptions() {
        return new JsonRpcException(JsonRpc.METHOD_NOT_FOUND, "bridge " + settings.id() + ": the MCP server at "
                + settings.target() + " does not offer resource subscriptions", data());
    }

    /** The error a relayed {@code method} that failed with {@code cause} is answered with. */
    JsonRpcException failed(String method, Throwable cause) {
        if (cause instanceof JsonRpcException rpc) {
            return rpc;
        }
        String prefix = "bridge " + settings.id() + ": ";
        if (cause instanceof RequestTimeoutException) {
            return new JsonRpcException(JsonRpc.TIMEOUT, prefix + cause.getMessage(), data());
        }
        if (cause instanceof TransportException t && t.unreachable()) {
            return new JsonRpcException(JsonRpc.NODE_UNREACHABLE, prefix + cause.getMessage() + "; reconnecting", data());
        }
        if (cause instanceof TransportException) {
            return new JsonRpcException(JsonRpc.INTERNAL_ERROR, prefix + cause.getMessage(), data());
        }
        LOG.log(Level.WARNING, "bridge " + settings.id() + ": " + method + " failed", cause);
        return new JsonRpcException(JsonRpc.INTERNAL_ERROR, prefix + method + " failed: " + Failures.describe(cause), data());
    }

    private JsonObject data() {
        return Json.createObjectBuilder().add("agent", settings.id()).add("bridge", settings.target()).build();
    }
}
