package io.agentmesh.routing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.agentmesh.identity.Base64Url;
import io.agentmesh.session.Base64UrlString;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The binary form of messages holding a sealed box (docs/protocol.md, "Binary boxes"). */
class BinaryBoxesTest {

    private static final byte[] BOX = {(byte) 0xad, 0x5d, 0x4e, 0x06, (byte) 0xd7, 0x55, 0x16, (byte) 0xa2,
        0x48, (byte) 0xe9, 0x4f, (byte) 0xc0, 0x5f, 0x5e, 0x2b, 0x5a, (byte) 0x83};

    private final JsonRpcCodec codec = new JsonRpcCodec();

    private static JsonRpc.Request sealedRequest(JsonObject box) {
        return new JsonRpc.Request(Json.createValue(7), "c:node/sealed", box);
    }

    private static JsonObject sealed(jakarta.json.JsonValue box) {
        return Json.createObjectBuilder().add("sid", "wMHCw8TFxsfIycrLzM3Ozw").add("n", 0).add("box", box).build();
    }

    @Test
    void aRequestWithABinaryBoxIsItsHeaderThenTheBoxBytes() {
        byte[] bytes = codec.encode(sealedRequest(sealed(new Base64UrlString(BOX))), true);
        byte[] header = "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"c:node/sealed\",\"params\":{\"sid\":\"wMHCw8TFxsfIycrLzM3Ozw\",\"n\":0}}"
                .getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.write(0);
        expected.writeBytes(ByteBuffer.allocate(4).putInt(header.length).array());
        expected.writeBytes(header);
        expected.writeBytes(BOX);
        assertArrayEquals(expected.toByteArray(), bytes);
    }

    @Test
    void theBinaryFormReadsAsTheTextFormAndKeepsTheBoxInBinary() throws Exception {
        JsonRpc.Request request = sealedRequest(sealed(new Base64UrlString(BOX)));
        JsonRpc read = codec.decode(codec.encode(request, true), true);
        JsonRpc.Request text = (JsonRpc.Request) codec.decode(codec.encode(request));
        assertEquals(text, read, "the same message as the text form");
        Base64UrlString box = assertInstanceOf(Base64UrlString.class, ((JsonRpc.Request) read).paramsObject().get("box"));
        assertArrayEquals(BOX, box.bytes());
        assertEquals(Base64Url.encode(BOX), ((JsonRpc.Request) text).paramsObject().getString("box"));
    }

    @Test
    void responsesAndNotificationsHoldTheirBoxesToo() throws Exception {
        JsonRpc.Response response = JsonRpc.Response.result(Json.createValue("a"),
                Json.createObjectBuilder().add("n", 3).add("box", new Base64UrlString(BOX)).build());
        byte[] bytes = codec.encode(response, true);
        assertEquals(BinaryBoxes.MARK, bytes[0]);
        assertEquals(response, codec.decode(bytes, true));
        JsonRpc.Notification progress = new JsonRpc.Notification("notifications/progress", Json.createObjectBuilder(
                sealed(new Base64UrlString(BOX))).add("progressToken", "t").build());
        bytes = codec.encode(progress, true);
        assertEquals(BinaryBoxes.MARK, bytes[0]);
        assertEquals(progress, codec.decode(bytes, true));
    }

    @Test
    void aBoxHeldAsTextOrALinkWithoutTheFeatureSendsText() {
        JsonRpc.Request asText = sealedRequest(sealed(Json.createValue(Base64Url.encode(BOX))));
        assertArrayEquals(codec.encode(asText), codec.encode(asText, true));
        JsonRpc.Request binary = sealedRequest(sealed(new Base64UrlString(BOX)));
        assertArrayEquals(codec.encode(asText), codec.encode(binary, false), "the same text either way");
    }

    @Test
    void theBinaryFormOnALinkWithoutTheFeatureIsAParseError() {
        byte[] bytes = codec.encode(sealedRequest(sealed(new Base64UrlString(BOX))), true);
        MessageDecodeException e = assertThrows(MessageDecodeException.class, () -> codec.decode(bytes, false));
        assertEquals(JsonRpc.PARSE_ERROR, e.error().code());
    }

    @Test
    void aBinaryFormCutShortOrWithABadHeaderIsAParseError() {
        byte[] bytes = codec.encode(sealedRequest(sealed(new Base64UrlString(BOX))), true);
        for (byte[] bad : new byte[][] {
            {0}, {0, 0, 0}, Arrays.copyOf(bytes, 20),
            ByteBuffer.allocate(5).put((byte) 0).putInt(-1).array(),
            ByteBuffer.allocate(9).put((byte) 0).putInt(4).put("{\"a\"".getBytes(StandardCharsets.UTF_8)).array()}) {
            MessageDecodeException e = assertThrows(MessageDecodeException.class, () -> codec.decode(bad, true));
            assertEquals(JsonRpc.PARSE_ERROR, e.error().code(), () -> Arrays.toString(bad));
        }
    }

    @Test
    void aHeaderWithNoObjectForTheBoxOrOneThatHoldsABoxIsAnInvalidRequest() {
        for (String header : new String[] {
            "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"c:node/sealed\"}",
            "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"c:node/sealed\",\"params\":[1]}",
            "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"c:node/sealed\",\"params\":{\"box\":\"AA\"}}",
            "{\"jsonrpc\":\"2.0\",\"id\":7,\"error\":{\"code\":-32603,\"message\":\"x\"}}"}) {
            byte[] h = header.getBytes(StandardCharsets.UTF_8);
            byte[] bytes = ByteBuffer.allocate(5 + h.length + BOX.length).put((byte) 0).putInt(h.length).put(h).put(BOX).array();
            MessageDecodeException e = assertThrows(MessageDecodeException.class, () -> codec.decode(bytes, true));
            assertEquals(JsonRpc.INVALID_REQUEST, e.error().code(), header);
            assertEquals(Json.createValue(7), e.id(), "answered with the request's id");
        }
    }

    @Test
    void theWorkedExampleOfTheProtocolPageReplaysByteForByte() throws Exception {
        List<String> lines = Files.readAllLines(Path.of("docs/protocol.md"));
        int start = lines.indexOf("<!-- binary-box-example -->") + 2;
        String text = lines.get(start).substring("text form: ".length());
        byte[] binary = HexFormat.of().parseHex(lines.get(start + 1).substring("binary form (hex): ".length()));
        JsonRpc.Request fromText = (JsonRpc.Request) codec.decode(text.getBytes(StandardCharsets.UTF_8), true);
        JsonRpc.Request fromBinary = (JsonRpc.Request) codec.decode(binary, true);
        assertEquals(fromText, fromBinary, "each form reads as the other");
        assertArrayEquals(text.getBytes(StandardCharsets.UTF_8), codec.encode(fromBinary, false));
        byte[] box = Base64Url.decode(fromText.paramsObject().getString("box"));
        JsonRpc.Request held = new JsonRpc.Request(fromText.id(), fromText.method(),
                Json.createObjectBuilder(fromText.paramsObject()).add("box", new Base64UrlString(box)).build());
        assertArrayEquals(binary, codec.encode(held, true), "what this node sends");
    }

    @Test
    void aTextMessageReadsAsBeforeOnALinkWithTheFeature() throws Exception {
        JsonRpc.Request request = sealedRequest(sealed(Json.createValue(Base64Url.encode(BOX))));
        assertEquals(request, codec.decode(codec.encode(request), true));
    }
}
