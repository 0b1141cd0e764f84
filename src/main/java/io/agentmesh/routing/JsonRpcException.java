package io.agentmesh.routing;

import jakarta.json.JsonValue;

/** The one exception type that carries a JSON-RPC error to the response that reports it. */
public class JsonRpcException extends Exception {

    private final JsonRpc.Error error;

    public JsonRpcException(JsonRpc.Error error) {
        super(error.message());
        this.error = error;
    }

    public JsonRpcException(int code, String message) {
        this(new JsonRpc.Error(code, message, null));
    }

    public JsonRpcException(int code, String message, JsonValue data) {
        this(new JsonRpc.Error(code, message, data));
    }

    public JsonRpc.Error error() {
        return error;
    }

    public int code() {
        return error.code();
    }
}
