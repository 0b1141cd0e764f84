package io.agentmesh.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonRpcCodecTest {

    private final JsonRpcCodec codec = new JsonRpcCodec();

    private MessageDecodeException failure(String text) {
        return assertThrows(MessageDecodeException.class, () -> codec.decode(text.getBytes(StandardCharsets.UTF_8)));
    }

    private MessageDecodeException failure(byte[] bytes) {
        return assertThrows(MessageDecodeException.class, () -> codec.decode(bytes));
    }

    private static void assertError(MessageDecodeException e, int code, JsonValue id) {
        assertEquals(code, e.code());
        assertEquals(id, e.id());
        assertEquals(id, e.response().id());
        assertEquals(code, e.response().error().code());
    }

    // --- -32700: not UTF-8 JSON ---

    @Test
    void invalidUtf8IsParseErrorWithNullId() {
        byte[] bytes = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, '"', '}'};
        assertError(failure(bytes), JsonRpc.PARSE_ERROR, JsonValue.NULL);
    }

    @Test
    void overlongUtf8EncodingIsParseError() {
        byte[] bytes = {'"', (byte) 0xC0, (byte) 0xAF, '"'};
        assertError(failure(bytes), JsonRpc.PARSE_ERROR, JsonValue.NULL);
    }

    @Test
    void encodedSurrogateIsParseError() {
        byte[] bytes = {'"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"'};
        assertError(failure(bytes), JsonRpc.PARSE_ERROR, JsonValue.NULL);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "{", "{\"jsonrpc\":\"2.0\",", "nul", "{\"a\" 1}", "{'a':1}",
            "{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"id\":1} x", "{} {}"})
    void invalidJsonIsParseErrorWithNullId(String text) {
        assertError(failure(text), JsonRpc.PARSE_ERROR, JsonValue.NULL);
    }

    @Test
    void duplicateMemberIsParseError() {
        assertError(failure("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"a\",\"method\":\"b\"}"),
                JsonRpc.PARSE_ERROR, JsonValue.NULL);
    }

    /**
     * Found by fuzzing (RoutingFuzzTest#message): a lone surrogate escape cannot be written back as UTF-8,
     * so an id or method holding one came back changed ('?') in the answer.
     */
    @Test
    void anUnpairedSurrogateEscapeIsParseError() {
        assertError(failure("{\"jsonrpc\":\"2.0\",\"id\":\"o\\ude00\",\"method\":\"x\"}"), JsonRpc.PARSE_ERROR,
                JsonValue.NULL);
        assertError(failure("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"x\",\"params\":{\"\\ud83d\":1}}"),
                JsonRpc.PARSE_ERROR, JsonValue.NULL);
        assertError(failure("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"x\",\"params\":[\"a\\ud83d\"]}"),
                JsonRpc.PARSE_ERROR, JsonValue.NULL);
    }

    @Test
    void aPairedSurrogateEscapeReadsAndWritesBack() throws MessageDecodeException {
        JsonRpc message = codec.decode("{\"jsonrpc\":\"2.0\",\"id\":\"\\ud83d\\ude00\",\"method\":\"x\"}");
        assertEquals(message, codec.decode(codec.encode(message)));
    }

    @Test
    void deeplyNestedJsonIsRefusedWithoutExhaustingTheStack() {
        String deep = "[".repeat(200_000) + "]".repeat(200_000);
        MessageDecodeException e = failure(deep);
        assertEquals(JsonRpc.PARSE_ERROR, e.code());
    }

    @Test
    void nestingUpToTheLimitIsAccepted() throws Exception {
        JsonRpcCodec shallow = new JsonRpcCodec(jakarta.json.spi.JsonProvider.provider(), 3);
        // the message object is level 1, params level 2, its member level 3
        shallow.decode("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"m\",\"params\":{\"a\":[1]}}");
        MessageDecodeException e = assertThrows(MessageDecodeException.class,
                () -> shallow.decode("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"m\",\"params\":{\"a\":[[1]]}}"));
        assertEquals(JsonRpc.PARSE_ERROR, e.code());
    }

    // --- -32600: valid JSON, not JSON-RPC 2.0 ---

    @Test
    void batchIsInvalidRequestWithNullId() {
        assertError(failure("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}]"), JsonRpc.INVALID_REQUEST, JsonValue.NULL);
    }

    @Test
    void emptyArrayIsInvalidRequest() {
        assertError(failure("[]"), JsonRpc.INVALID_REQUEST, JsonValue.NULL);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "\"ping\"", "true", "null"})
    void scalarIsInvalidRequestWithNullId(String text) {
        assertError(failure(text), JsonRpc.INVALID_REQUEST, JsonValue.NULL);
    }

    @Test
    void missingJsonrpcIsInvalidRequestWithTheId() {
        assertError(failure("{\"id\":7,\"method\":\"ping\"}"), JsonRpc.INVALID_REQUEST, Json.createValue(7));
    }

    @Test
    void wrongJsonrpcVersionIsInvalidRequestWithTheId() {
        assertError(failure("{\"jsonrpc\":\"1.0\",\"id\":\"a\",\"method\":\"ping\"}"), JsonRpc.INVALID_REQUEST,
                Json.createValue("a"));
    }

    @Test
    void numericJsonrpcIsInvalidRequest() {
        assertError(failure("{\"jsonrpc\":2.0,\"id\":1,\"method\":\"ping\"}"), JsonRpc.INVALID_REQUEST, Json.createValue(1));
    }

    @Test
    void nonStringMethodIsInvalidRequestWithTheId() {
        assertError(failure("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":5}"), JsonRpc.INVALID_REQUEST, Json.createValue(3));
    }

    @Test
    void nullMethodIsInvalidRequest() {
        assertError(failure("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":null}"), JsonRpc.INVALID_REQUEST, Json.createValue(3));
    }

    @ParameterizedTest
    @ValueSource(strings = {"true", "{}", "[1]", "null"})
    void requestIdOfBadTypeIsInvalidRequestWithNullId(String id) {
        assertError(failure("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"ping\"}"),
                JsonRpc.INVALID_REQUEST, JsonValue.NULL);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "\"x\"", "true", "null"})
    void scalarParamsIsInvalidRequestWithTheId(String params) {
        assertError(failure("{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"ping\",\"params\":" + params + "}"),
                JsonRpc.INVALID_REQUEST, Json.createValue(9));
    }

    @Test
    void scalarParamsOnNotificationIsInvalidRequestWithNullId() {
        assertError(failure("{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"params\":1}"), JsonRpc.INVALID_REQUEST, JsonValue.NULL);
    }

    @Test
    void responseWithBothResultAndErrorIsInvalidRequestWithTheId() {
        assertError(failure("{\"jsonrpc\":\"2.0\",\"id\":4,\"result\":{},\"error\":{\"code\":1,\"message\":\"m\"}}"),
                JsonRpc.INVALID_REQUEST, Json.createValue(4));
    }

    @Test
    void responseWithNeitherResultNorErrorIsInvalidRequestWithTheId() {
        assertError(failure("{\"jsonrpc\":\"2.0\",\"id\":\"r\"}"), JsonRpc.INVALID_REQUEST, Json.createValue("r"));
    }

    @Test
    void objectWithNeitherMethodNorIdIsInvalidRequest() {
        assertError(failure("{\"jsonrpc\":\"2.0\",\"result\":{}}"), JsonRpc.INVALID_REQUEST, JsonValue.NULL);
    }

    @Test
    void responseIdOfBadTypeIsInvalidRequestWithNullId() {
        assertError(failure("{\"jsonrpc\":\"2.0\",\"id\":true,\"result\":{}}"), JsonRpc.INVALID_REQUEST, JsonValue.NULL);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"boom\"", "{\"message\":\"m\"}", "{\"code\":1.5,\"message\":\"m\"}",
            "{\"code\":\"1\",\"message\":\"m\"}", "{\"code\":1}", "{\"code\":1,\"message\":2}",
            "{\"code\":99999999999,\"message\":\"m\"}"})
    void malformedErrorObjectIsInvalidRequestWithTheId(String error) {
        assertError(failure("{\"jsonrpc\":\"2.0\",\"id\":5,\"error\":" + error + "}"), JsonRpc.INVALID_REQUEST,
                Json.createValue(5));
    }

    // --- accepted messages ---

    @Test
    void decodesRequestWithStringId() throws Exception {
        JsonRpc m = codec.decode("{\"jsonrpc\":\"2.0\",\"id\":\"abc\",\"method\":\"local:echo/tools/call\",\"params\":{\"a\":1}}");
        JsonRpc.Request r = assertInstanceOf(JsonRpc.Request.class, m);
        assertEquals(Json.createValue("abc"), r.id());
        assertEquals("local:echo/tools/call", r.method());
        assertEquals(Json.createObjectBuilder().add("a", 1).build(), r.params());
    }

    @Test
    void decodesRequestWithNumericIdAndArrayParams() throws Exception {
        JsonRpc.Request r = assertInstanceOf(JsonRpc.Request.class,
                codec.decode("{\"jsonrpc\":\"2.0\",\"id\":12,\"method\":\"m\",\"params\":[1,2]}"));
        assertEquals(Json.createValue(12), r.id());
        assertEquals(JsonValue.ValueType.ARRAY, r.params().getValueType());
    }

    @Test
    void decodesRequestWithoutParams() throws Exception {
        JsonRpc.Request r = assertInstanceOf(JsonRpc.Request.class, codec.decode("{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"ping\"}"));
        assertNull(r.params());
    }

    @Test
    void decodesNotificationWhenIdIsAbsent() throws Exception {
        JsonRpc.Notification n = assertInstanceOf(JsonRpc.Notification.class,
                codec.decode("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":1}}"));
        assertEquals("notifications/cancelled", n.method());
    }

    @Test
    void decodesResultResponse() throws Exception {
        JsonRpc.Response r = assertInstanceOf(JsonRpc.Response.class, codec.decode("{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":{\"x\":true}}"));
        assertEquals(Json.createValue(2), r.id());
        assertEquals(JsonValue.TRUE, r.result().asJsonObject().get("x"));
    }

    @Test
    void decodesNullResult() throws Exception {
        JsonRpc.Response r = assertInstanceOf(JsonRpc.Response.class, codec.decode("{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":null}"));
        assertEquals(JsonValue.NULL, r.result());
    }

    @Test
    void decodesErrorResponseWithNullIdAndData() throws Exception {
        JsonRpc.Response r = assertInstanceOf(JsonRpc.Response.class,
                codec.decode("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32700,\"message\":\"parse error\",\"data\":{\"k\":1}}}"));
        assertEquals(JsonValue.NULL, r.id());
        assertEquals(-32700, r.error().code());
        assertEquals("parse error", r.error().message());
        assertEquals(Json.createObjectBuilder().add("k", 1).build(), r.error().data());
    }

    @Test
    void ignoresUnknownMembers() throws Exception {
        assertInstanceOf(JsonRpc.Request.class, codec.decode("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"x\":[]}"));
    }

    @Test
    void decodesMultiByteUtf8() throws Exception {
        JsonRpc.Request r = (JsonRpc.Request) codec.decode(
                "{\"jsonrpc\":\"2.0\",\"id\":\"é€😀\",\"method\":\"m\"}".getBytes(StandardCharsets.UTF_8));
        assertEquals(Json.createValue("é€😀"), r.id());
    }

    // --- encoding and round trips ---

    @Test
    void encodesRequestWithMembersInOrder() {
        var r = new JsonRpc.Request(Json.createValue(1), "node/ping", Json.createObjectBuilder().build());
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"node/ping\",\"params\":{}}", codec.encodeToString(r));
    }

    @Test
    void encodesNotificationWithoutIdOrParams() {
        assertEquals("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
                codec.encodeToString(new JsonRpc.Notification("notifications/initialized", null)));
    }

    @Test
    void encodesErrorResponseWithNullIdAndNoData() {
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32700,\"message\":\"bad\"}}",
                codec.encodeToString(JsonRpc.Response.error(JsonValue.NULL, -32700, "bad")));
    }

    @Test
    void roundTripsEveryKind() throws Exception {
        var data = Json.createObjectBuilder().add("node", "n").build();
        JsonRpc[] messages = {
                new JsonRpc.Request(Json.createValue("id-1"), "local:echo/tools/call",
                        Json.createObjectBuilder().add("name", "echo").add("arguments", Json.createObjectBuilder().add("text", "ü")).build()),
                new JsonRpc.Request(Json.createValue(42), "ping", null),
                new JsonRpc.Request(Json.createValue(1.5), "m", Json.createArrayBuilder().add(1).build()),
                new JsonRpc.Notification("notifications/progress", Json.createObjectBuilder().add("progress", 3).build()),
                JsonRpc.Response.result(Json.createValue(7), Json.createObjectBuilder().add("ok", true).build()),
                JsonRpc.Response.result(Json.createValue("s"), JsonValue.NULL),
                JsonRpc.Response.error(Json.createValue(8), new JsonRpc.Error(-32060, "node unreachable", data)),
                JsonRpc.Response.error(JsonValue.NULL, -32600, "invalid"),
        };
        for (JsonRpc m : messages) {
            assertEquals(m, codec.decode(codec.encode(m)), () -> "round trip of " + m);
            assertEquals(m, codec.decode(codec.encodeToString(m)));
        }
    }

    @Test
    void encodesUtf8Bytes() {
        byte[] bytes = codec.encode(new JsonRpc.Notification("m", Json.createObjectBuilder().add("t", "€").build()));
        assertTrue(new String(bytes, StandardCharsets.UTF_8).contains("€"));
    }
}
