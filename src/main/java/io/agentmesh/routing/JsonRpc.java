package io.agentmesh.routing;

import io.agentmesh.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Objects;

/**
 * JSON-RPC 2.0 messages (wire-v1 §4, §5) as immutable records. Every application message on a link
 * and every {@code /mcp} POST body is exactly one of these. Parsing and serialisation live in
 * {@link JsonRpcCodec}.
 */
public sealed interface JsonRpc permits JsonRpc.Request, JsonRpc.Notification, JsonRpc.Response {

    String VERSION = "2.0";

    // JSON-RPC 2.0 error codes
    int PARSE_ERROR = -32700;
    int INVALID_REQUEST = -32600;
    int METHOD_NOT_FOUND = -32601;
    int INVALID_PARAMS = -32602;
    int INTERNAL_ERROR = -32603;


    // Mesh error codes (wire-v1 §5.5)
    int NODE_UNREACHABLE = -32060;
    int AGENT_NOT_FOUND = -32061;
    int TIMEOUT = -32062;
    int HOP_LIMIT_EXCEEDED = -32063;
    int FORBIDDEN = -32064;
    int OVERLOADED = -32065;

    // MCP error codes of agents (docs/protocol.md §5, "Errors of agents")
    /**
     * An agent has no resource with the URI a {@code resources/read} or {@code resources/subscribe} named
     * (MCP 2025-11-25, server/resources); {@code data} carries the {@code uri}.
     */
    int RESOURCE_NOT_FOUND = -32002;
    /**
     * A request ended by the requester's {@code notifications/cancelled} that is still answered, as local
     * entry points do (LSP's RequestCancelled).
     */
    int REQUEST_CANCELLED = -32800;

    /** A request: {@code id} is a JSON string or number; {@code params} an object, an array, or null (absent). */
    record Request(JsonValue id, String method, JsonValue params) implements JsonRpc {
        public Request {
            requireValidId(id);
            Objects.requireNonNull(method, "method");
            requireValidParams(params);
        }

        /** The params as an object; an empty object when absent. Arrays are refused with -32602. */
        public JsonObject paramsObject() throws JsonRpcException {
            return objectParams(params);
        }

        public Request withId(JsonValue newId) {
            return new Request(newId, method, params);
        }

        public Request withMethod(String newMethod) {
            return new Request(id, newMethod, params);
        }

        public Request withParams(JsonValue newParams) {
            return new Request(id, method, newParams);
        }
    }

    /** A notification: a request without an id; it gets no response. */
    record Notification(String method, JsonValue params) implements JsonRpc {
        public Notification {
            Objects.requireNonNull(method, "method");
            requireValidParams(params);
        }

        public JsonObject paramsObject() throws JsonRpcException {
            return objectParams(params);
        }
    }

    /**
     * A response: exactly one of {@code result} and {@code error}. {@code id} is the request's id, or
     * JSON null when it could not be read (parse errors, invalid requests).
     */
    record Response(JsonValue id, JsonValue result, Error error) implements JsonRpc {
        public Response {
            Objects.requireNonNull(id, "id (use JsonValue.NULL)");
            if (id.getValueType() != JsonValue.ValueType.NULL) {
                requireValidId(id);
            }
            if ((result == null) == (error == null)) {
                throw new IllegalArgumentException("a response has exactly one of result and error");
            }
        }

        public static Response result(JsonValue id, JsonValue result) {
            return new Response(id, result, null);
        }

        public static Response error(JsonValue id, Error error) {
            return new Response(id, null, error);
        }

        public static Response error(JsonValue id, int code, String message) {
            return new Response(id, null, new Error(code, message, null));
        }

        public boolean isError() {
            return error != null;
        }

        public Response withId(JsonValue newId) {
            return new Response(newId, result, error);
        }
    }

    /** The error object of a response; {@code data} is optional (null when absent). */
    record Error(int code, String message, JsonValue data) {
        public Error {
            Objects.requireNonNull(message, "message");
        }

        public Error(int code, String message) {
            this(code, message, null);
        }
    }

    /** True for a JSON-RPC id this implementation accepts on a request: a string or a number. */
    static boolean isValidId(JsonValue id) {
        return id instanceof JsonString || id instanceof JsonNumber;
    }

    private static void requireValidId(JsonValue id) {
        if (!isValidId(id)) {
            throw new IllegalArgumentException("a request id is a string or a number: " + id);
        }
    }

    private static void requireValidParams(JsonValue params) {
        if (params != null
                && params.getValueType() != JsonValue.ValueType.OBJECT
                && params.getValueType() != JsonValue.ValueType.ARRAY) {
            throw new IllegalArgumentException("params is an object or an array");
        }
    }

    private static JsonObject objectParams(JsonValue params) throws JsonRpcException {
        if (params == null) {
            return JsonValue.EMPTY_JSON_OBJECT;
        }
        if (params instanceof JsonObject object) {
            return object;
        }
        throw new JsonRpcException(INVALID_PARAMS, "params must be an object");
    }

    /** Convenience for {@code data} members: {@code {"node": ..., "agent": ...}}, either may be null. */
    static JsonObject errorData(String node, String agent) {
        var b = Json.createObjectBuilder();
        if (node != null) {
            b.add("node", node);
        }
        if (agent != null) {
            b.add("agent", agent);
        }
        return b.build();
    }
}
