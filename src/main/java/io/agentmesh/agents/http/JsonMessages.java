package io.agentmesh.agents.http;

import io.agentmesh.routing.JsonRpc;
import io.agentmesh.routing.JsonRpcException;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.JsonWriterFactory;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParsingException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * JSON-RPC 2.0 text for the {@code /mcp} endpoint (wire-v1 §4, last three bullets; MCP 2025-11-25
 * "Streamable HTTP": the POST body is ONE message). Strict UTF-8; invalid JSON is −32700, an array
 * (batch) or anything that is not a JSON-RPC 2.0 object is −32600, each carried by a
 * {@link JsonRpcException} whose data-free error the endpoint answers with id null (or the id when one
 * could be read). One JSON provider is looked up once and reused.
 */
final class JsonMessages {

    private final JsonProvider json = JsonProvider.provider();
    private final JsonWriterFactory writers = json.createWriterFactory(Map.of());

    JsonProvider provider() {
        return json;
    }

    /** What a body that fails to decode gets: the error, and the id when one could be read (else JSON null). */
    static final class DecodeException extends Exception {
        private final JsonRpc.Response response;

        DecodeException(JsonValue id, int code, String message) {
            super(message);
            this.response = JsonRpc.Response.error(id, code, message);
        }

        JsonRpc.Response response() {
            return response;
        }
    }

    /** Decodes one message. */
    JsonRpc decode(byte[] utf8) throws DecodeException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(utf8)).toString();
        } catch (CharacterCodingException e) {
            throw new DecodeException(JsonValue.NULL, JsonRpc.PARSE_ERROR, "parse error: the body is not valid UTF-8");
        }
        JsonValue value;
        try (JsonParser parser = json.createParser(new StringReader(text))) {
            if (!parser.hasNext()) {
                throw new DecodeException(JsonValue.NULL, JsonRpc.PARSE_ERROR, "parse error: empty body");
            }
            parser.next();
            value = parser.getValue();
            if (parser.hasNext()) {
                throw new DecodeException(JsonValue.NULL, JsonRpc.PARSE_ERROR, "parse error: text after the JSON value");
            }
        } catch (JsonParsingException e) {
            throw new DecodeException(JsonValue.NULL, JsonRpc.PARSE_ERROR, "parse error: " + e.getMessage());
        } catch (JsonException | IllegalStateException e) {
            throw new DecodeException(JsonValue.NULL, JsonRpc.PARSE_ERROR, "parse error: not JSON");
        }
        if (value.getValueType() == JsonValue.ValueType.ARRAY) {
            throw new DecodeException(JsonValue.NULL, JsonRpc.INVALID_REQUEST,
                    "invalid request: batches are not supported; send one JSON-RPC message per POST");
        }
        if (!(value instanceof JsonObject o)) {
            throw new DecodeException(JsonValue.NULL, JsonRpc.INVALID_REQUEST, "invalid request: not a JSON object");
        }
        return fromObject(o);
    }

    private static JsonRpc fromObject(JsonObject o) throws DecodeException {
        JsonValue id = o.get("id");
        JsonValue replyId = id != null && JsonRpc.isValidId(id) ? id : JsonValue.NULL;
        if (!(o.get("jsonrpc") instanceof JsonString v) || !v.getString().equals(JsonRpc.VERSION)) {
            throw new DecodeException(replyId, JsonRpc.INVALID_REQUEST, "invalid request: jsonrpc must be \"2.0\"");
        }
        JsonValue method = o.get("method");
        JsonValue params = o.get("params");
        try {
            if (method != null) {
                if (!(method instanceof JsonString m)) {
                    throw new DecodeException(replyId, JsonRpc.INVALID_REQUEST, "invalid request: method must be a string");
                }
                if (params != null && params.getValueType() != JsonValue.ValueType.OBJECT
                        && params.getValueType() != JsonValue.ValueType.ARRAY) {
                    throw new DecodeException(replyId, JsonRpc.INVALID_REQUEST,
                            "invalid request: params must be an object or an array");
                }
                if (id == null) {
                    return new JsonRpc.Notification(m.getString(), params);
                }
                if (!JsonRpc.isValidId(id)) {
                    throw new DecodeException(JsonValue.NULL, JsonRpc.INVALID_REQUEST,
                            "invalid request: id must be a string or a number");
                }
                return new JsonRpc.Request(id, m.getString(), params);
            }
            if (id == null) {
                throw new DecodeException(JsonValue.NULL, JsonRpc.INVALID_REQUEST, "invalid request: no method and no id");
            }
            JsonValue result = o.get("result");
            JsonValue error = o.get("error");
            if ((result == null) == (error == null)) {
                throw new DecodeException(replyId, JsonRpc.INVALID_REQUEST,
                        "invalid request: a response has exactly one of result and error");
            }
            if (error != null) {
                return JsonRpc.Response.error(id, toError(error, replyId));
            }
            return JsonRpc.Response.result(id, result);
        } catch (IllegalArgumentException e) {
            throw new DecodeException(replyId, JsonRpc.INVALID_REQUEST, "invalid request: " + e.getMessage());
        }
    }

    private static JsonRpc.Error toError(JsonValue error, JsonValue replyId) throws DecodeException {
        if (error instanceof JsonObject e && e.get("code") instanceof jakarta.json.JsonNumber code
                && code.isIntegral() && e.get("message") instanceof JsonString message) {
            return new JsonRpc.Error(code.intValue(), message.getString(), e.get("data"));
        }
        throw new DecodeException(replyId, JsonRpc.INVALID_REQUEST, "invalid request: malformed error object");
    }

    /** Serialises a message as compact JSON text (no line breaks). */
    String encode(JsonRpc message) {
        JsonObjectBuilder b = json.createObjectBuilder().add("jsonrpc", JsonRpc.VERSION);
        if (message instanceof JsonRpc.Request r) {
            b.add("id", r.id()).add("method", r.method());
            if (r.params() != null) {
                b.add("params", r.params());
            }
        } else if (message instanceof JsonRpc.Notification n) {
            b.add("method", n.method());
            if (n.params() != null) {
                b.add("params", n.params());
            }
        } else if (message instanceof JsonRpc.Response r) {
            b.add("id", r.id());
            if (r.isError()) {
                JsonObjectBuilder e = json.createObjectBuilder()
                        .add("code", r.error().code()).add("message", r.error().message());
                if (r.error().data() != null) {
                    e.add("data", r.error().data());
                }
                b.add("error", e);
            } else {
                b.add("result", r.result());
            }
        }
        StringWriter w = new StringWriter();
        try (var writer = writers.createWriter(w)) {
            writer.write(b.build());
        }
        return w.toString();
    }
}
