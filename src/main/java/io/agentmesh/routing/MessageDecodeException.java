package io.agentmesh.routing;

import jakarta.json.JsonValue;

/**
 * An application message that is not a JSON-RPC 2.0 message (wire-v1 §4): carries the exact error
 * response to send back, {@code -32700} with id null for bad UTF-8 or bad JSON, {@code -32600} for
 * valid JSON that is not a JSON-RPC 2.0 object (id null unless a valid id could be read).
 */
public class MessageDecodeException extends JsonRpcException {

    private final transient JsonValue id;

    public MessageDecodeException(int code, String message, JsonValue id) {
        super(code, message);
        this.id = id == null ? JsonValue.NULL : id;
    }

    /** The id of the offending message when a valid one could be read, else JSON null. */
    public JsonValue id() {
        return id;
    }

    /** The one error response to send for the offending message. */
    public JsonRpc.Response response() {
        return JsonRpc.Response.error(id, error());
    }
}
