package io.agentmesh.api;

import io.agentmesh.routing.Address;
import io.agentmesh.routing.JsonRpc;
import io.agentmesh.routing.JsonRpcCodec;
import io.agentmesh.routing.MessageDecodeException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Objects;

/**
 * The body of {@code POST /api/v1/call} (docs/api.md): {@code {"target": "<node>:<agent>" | "<node>",
 * "method": "tools/call", "params": {...}}}, read strictly. Unknown members are ignored.
 *
 * @param target where the call goes, as {@link CallTarget} reads it
 * @param method the MCP method or node operation
 * @param params the params object, or null for none
 */
public record CallRequest(String target, String method, JsonObject params) {

    private static final JsonRpcCodec CODEC = new JsonRpcCodec();

    public CallRequest {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(method, "method");
    }

    /** Where the call goes: the {@link Address#destination()} and op of the mesh request. */
    public Address address() {
        return CallTarget.address(target, method);
    }

    /** The mesh request for this call, with {@code id}; its method is the op alone, for {@link #address()}. */
    public JsonRpc.Request toRequest(JsonValue id) {
        return new JsonRpc.Request(id, method, params);
    }

    /**
     * Reads a body.
     *
     * @throws MeshCallException {@code -32700} for a body that is not JSON, {@code -32600} for JSON that is
     *                           not such an object or whose target or method cannot be used,
     *                           {@code -32602} for params that are not an object
     */
    public static CallRequest parse(String body) {
        JsonValue value;
        try {
            value = CODEC.parse(body);
        } catch (MessageDecodeException e) {
            throw error(JsonRpc.PARSE_ERROR, e.getMessage());
        }
        if (!(value instanceof JsonObject object)) {
            throw error(JsonRpc.INVALID_REQUEST, "invalid request: the body must be a JSON object");
        }
        if (!(object.get("target") instanceof JsonString target)) {
            throw error(JsonRpc.INVALID_REQUEST, "invalid request: target must be a string such as \"<node-id>:echo\"");
        }
        if (!(object.get("method") instanceof JsonString method)) {
            throw error(JsonRpc.INVALID_REQUEST, "invalid request: method must be a string such as \"tools/call\"");
        }
        JsonValue params = object.get("params");
        if (params != null && params != JsonValue.NULL && !(params instanceof JsonObject)) {
            throw error(JsonRpc.INVALID_PARAMS, "invalid params: params must be an object");
        }
        CallRequest call = new CallRequest(target.getString(), method.getString(),
                params instanceof JsonObject o ? o : null);
        try {
            call.address();
        } catch (IllegalArgumentException e) {
            throw error(JsonRpc.INVALID_REQUEST, "invalid request: " + e.getMessage());
        }
        return call;
    }

    private static MeshCallException error(int code, String message) {
        return new MeshCallException(new JsonRpc.Error(code, message));
    }
}
