package io.agentmesh.routing;

import io.agentmesh.session.Base64UrlString;
import io.agentmesh.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The binary form of a message that carries a sealed box (docs/protocol.md, "Binary boxes"), on a link
 * whose two ends both list {@code binary-box} ({@link io.agentmesh.transport.IdentityPayload#BINARY_BOX}) in
 * their identity payloads' {@code features}:
 * <pre>
 * 0x00 || header length (4 bytes, big-endian) || header || box
 * </pre>
 * where the header is the UTF-8 JSON-RPC message without the {@code box} member of its params (a request
 * or notification) or its result (a response), and the box is that member's bytes, which the text form
 * carries as base64url. The receiver reads the message as the text form with {@code "box"} in that object.
 * A box travels so from its sealer through every relay whose links all take the binary form, never made
 * into text: a third fewer bytes, and no base64url nor JSON string pass over it on the way. A message whose
 * box is not held in binary ({@link Base64UrlString}), or on a link without the feature, is sent as text.
 */
final class BinaryBoxes {

    /** The first byte of the binary form; no UTF-8 JSON text starts with it. */
    static final byte MARK = 0;

    private static final String BOX = "box";
    private static final int PREFIX = 1 + 4;

    private BinaryBoxes() {
    }

    /** {@code message} in its binary form when it holds a box in binary, else as {@code codec} writes it. */
    static byte[] encode(JsonRpcCodec codec, JsonRpc message) {
        JsonObject holder = holder(message);
        if (holder == null || !(holder.get(BOX) instanceof Base64UrlString box)) {
            return codec.encode(message);
        }
        byte[] header = codec.encode(holding(message, Json.createObjectBuilder(holder).remove(BOX).build()));
        byte[] bytes = box.bytes();
        return ByteBuffer.allocate(PREFIX + header.length + bytes.length)
                .put(MARK).putInt(header.length).put(header).put(bytes).array();
    }

    /**
     * Reads one application message, in the binary form or as text.
     *
     * @throws MessageDecodeException {@code -32700} for a binary form cut short or a bad header,
     *                                {@code -32600} for a header with no object to hold the box, or one that
     *                                holds one already
     */
    static JsonRpc decode(JsonRpcCodec codec, byte[] message) throws MessageDecodeException {
        if (message.length == 0 || message[0] != MARK) {
            return codec.decode(message);
        }
        if (message.length < PREFIX) {
            throw new MessageDecodeException(JsonRpc.PARSE_ERROR, "parse error: a binary message cut short", null);
        }
        int length = ByteBuffer.wrap(message, 1, 4).getInt();
        if (length < 0 || length > message.length - PREFIX) {
            throw new MessageDecodeException(JsonRpc.PARSE_ERROR,
                    "parse error: a binary message's header is longer than the message", null);
        }
        JsonRpc header = codec.decode(Arrays.copyOfRange(message, PREFIX, PREFIX + length));
        JsonObject holder = holder(header);
        if (holder == null || holder.containsKey(BOX)) {
            throw new MessageDecodeException(JsonRpc.INVALID_REQUEST, "invalid request: a binary message's box goes"
                    + " in its params or result, an object without a box", idOf(header));
        }
        byte[] box = Arrays.copyOfRange(message, PREFIX + length, message.length);
        return holding(header, Json.createObjectBuilder(holder).add(BOX, new Base64UrlString(box)).build());
    }

    /** The object a box is a member of: a request's or notification's params, a response's result; null when none. */
    private static JsonObject holder(JsonRpc message) {
        JsonValue value;
        if (message instanceof JsonRpc.Request request) {
            value = request.params();
        } else if (message instanceof JsonRpc.Notification notification) {
            value = notification.params();
        } else {
            JsonRpc.Response response = (JsonRpc.Response) message;
            value = response.isError() ? null : response.result();
        }
        return value instanceof JsonObject object ? object : null;
    }

    private static JsonValue idOf(JsonRpc message) {
        if (message instanceof JsonRpc.Request request) {
            return request.id();
        }
        return message instanceof JsonRpc.Response response ? response.id() : null;
    }

    /** {@code message} with {@code holder} as its params or result. */
    private static JsonRpc holding(JsonRpc message, JsonObject holder) {
        if (message instanceof JsonRpc.Request request) {
            return new JsonRpc.Request(request.id(), request.method(), holder);
        }
        if (message instanceof JsonRpc.Notification notification) {
            return new JsonRpc.Notification(notification.method(), holder);
        }
        return JsonRpc.Response.result(((JsonRpc.Response) message).id(), holder);
    }
}
