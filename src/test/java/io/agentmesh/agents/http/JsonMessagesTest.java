package io.agentmesh.agents.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.agentmesh.routing.JsonRpc;
import jakarta.json.Json;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonMessagesTest {

    private final JsonMessages json = new JsonMessages();

    private JsonRpc decode(String text) throws Exception {
        return json.decode(text.getBytes(StandardCharsets.UTF_8));
    }

    private JsonRpc.Response failure(byte[] body) {
        return assertThrows(JsonMessages.DecodeException.class, () -> json.decode(body)).response();
    }

    private JsonRpc.Response failure(String body) {
        return failure(body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void requestsNotificationsAndResponses() throws Exception {
        JsonRpc.Request r = assertInstanceOf(JsonRpc.Request.class,
                decode("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/list\",\"params\":{}}"));
        assertEquals(Json.createValue(7), r.id());
        assertEquals("tools/list", r.method());
        assertInstanceOf(JsonRpc.Notification.class, decode("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}"));
        assertInstanceOf(JsonRpc.Response.class, decode("{\"jsonrpc\":\"2.0\",\"id\":\"a\",\"result\":{}}"));
        JsonRpc.Response e = assertInstanceOf(JsonRpc.Response.class,
                decode("{\"jsonrpc\":\"2.0\",\"id\":\"a\",\"error\":{\"code\":-1,\"message\":\"m\"}}"));
        assertEquals(-1, e.error().code());
    }

    @Test
    void parseErrors() {
        assertEquals(JsonRpc.PARSE_ERROR, failure("{").error().code());
        assertEquals(JsonRpc.PARSE_ERROR, failure("").error().code());
        assertEquals(JsonRpc.PARSE_ERROR, failure("{} {}").error().code());
        assertEquals(JsonRpc.PARSE_ERROR, failure(new byte[] {'"', (byte) 0xC3, '"'}).error().code());
        assertEquals(JsonValue.NULL, failure("nope").id());
    }

    @Test
    void aBatchIsAnInvalidRequest() {
        JsonRpc.Response r = failure("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}]");
        assertEquals(JsonRpc.INVALID_REQUEST, r.error().code());
        assertEquals(JsonValue.NULL, r.id());
    }

    @Test
    void invalidRequestsKeepAReadableId() {
        assertEquals(JsonRpc.INVALID_REQUEST, failure("42").error().code());
        JsonRpc.Response noVersion = failure("{\"id\":3,\"method\":\"ping\"}");
        assertEquals(JsonRpc.INVALID_REQUEST, noVersion.error().code());
        assertEquals(Json.createValue(3), noVersion.id());
        assertEquals(JsonRpc.INVALID_REQUEST, failure("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":5}").error().code());
        assertEquals(JsonValue.NULL, failure("{\"jsonrpc\":\"2.0\",\"id\":true,\"method\":\"ping\"}").id());
        assertEquals(JsonRpc.INVALID_REQUEST, failure("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"p\",\"params\":1}").error().code());
        assertEquals(JsonRpc.INVALID_REQUEST, failure("{\"jsonrpc\":\"2.0\",\"id\":3}").error().code());
        assertEquals(JsonRpc.INVALID_REQUEST, failure("{\"jsonrpc\":\"2.0\"}").error().code());
    }

    @Test
    void encodingIsCompactAndRoundTrips() throws Exception {
        JsonRpc.Response r = JsonRpc.Response.error(JsonValue.NULL, new JsonRpc.Error(-32061, "agent not found",
                JsonRpc.errorData(null, "x")));
        String text = json.encode(r);
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32061,\"message\":\"agent not found\",\"data\":{\"agent\":\"x\"}}}", text);
        JsonRpc.Request q = new JsonRpc.Request(Json.createValue("k"), "tools/call",
                Json.createObjectBuilder().add("name", "echo").build());
        assertEquals(q, decode(json.encode(q)));
    }
}
