package io.agentmesh.api;

import io.agentmesh.routing.JsonRpc;
import jakarta.json.JsonValue;
import java.util.Objects;

/**
 * A call through the mesh ended with a JSON-RPC error (wire-v1 §5.5): a mesh error such as −32060
 * (node unreachable), −32061 (agent not found), −32062 (timeout), −32063 (hop limit), or an agent's
 * own error, passed through unchanged.
 */
public class MeshCallException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * The agent needs an answer the call cannot give (MCP 2026-07-28 basic/index, "Capabilities",
     * {@code MissingRequiredClientCapabilityError}): it asked a question of a kind the call has no
     * {@link InputAnswerer} for; {@code data.requiredCapabilities} names what is missing when the agent said.
     */
    public static final int MISSING_REQUIRED_CLIENT_CAPABILITY = -32021;

    private final transient JsonRpc.Error error;

    public MeshCallException(JsonRpc.Error error) {
        super(Objects.requireNonNull(error, "error").message() + " (" + error.code() + ")");
        this.error = error;
    }

    /** The error as the mesh answered it. */
    public JsonRpc.Error error() {
        return error;
    }

    public int code() {
        return error.code();
    }

    /** The error's {@code data}, or null when it has none. */
    public JsonValue data() {
        return error.data();
    }
}
