package io.agentmesh.routing;

import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonGenerator;
import jakarta.json.stream.JsonGeneratorFactory;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;
import jakarta.json.stream.JsonParsingException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Reads and writes the application messages of a link and the bodies of {@code /mcp} POSTs
 * (wire-v1 §4): one UTF-8 JSON-RPC 2.0 request, notification or response per message, no batches.
 *
 * <p>Decoding is strict: invalid UTF-8 and invalid JSON (duplicate member names and strings with an
 * unpaired surrogate escape included) are {@code -32700} with id null; an array (a batch) is
 * {@code -32600} with id null; a scalar, or an object that is not JSON-RPC 2.0, is {@code -32600} with
 * its id when a valid one can be read.
 * Responses are told from requests by the absence of {@code method}. Thread-safe.
 */
public final class JsonRpcCodec {

    /** Default limit on the nesting of arrays and objects in one message. */
    public static final int DEFAULT_MAX_DEPTH = 256;

    private final JsonParserFactory parsers;
    private final JsonGeneratorFactory generators;
    private final JsonProvider json;
    private final int maxDepth;

    public JsonRpcCodec() {
        this(JsonProvider.provider(), DEFAULT_MAX_DEPTH);
    }

    /**
     * @param maxDepth deepest nesting of arrays and objects accepted, 1 to 512 (a message nested
     *                 deeper is {@code -32700}); default {@link #DEFAULT_MAX_DEPTH}
     */
    public JsonRpcCodec(JsonProvider provider, int maxDepth) {
        if (maxDepth < 1 || maxDepth > 512) {
            throw new IllegalArgumentException("maxDepth must be 1 to 512: " + maxDepth);
        }
        this.json = provider;
        this.maxDepth = maxDepth;
        this.parsers = provider.createParserFactory(Map.of());
        this.generators = provider.createGeneratorFactory(Map.of());
    }

    /** Decodes one application message of raw bytes, which must be strict UTF-8. */
    public JsonRpc decode(byte[] utf8) throws MessageDecodeException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(utf8))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new MessageDecodeException(JsonRpc.PARSE_ERROR, "parse error: invalid UTF-8", null);
        }
        return decode(text);
    }

    /**
     * Decodes one application message of a link: in the binary form too ({@link BinaryBoxes}) when
     * {@code binaryBoxes}, the link's two ends having agreed on it; else as {@link #decode(byte[])}.
     */
    public JsonRpc decode(byte[] message, boolean binaryBoxes) throws MessageDecodeException {
        return binaryBoxes ? BinaryBoxes.decode(this, message) : decode(message);
    }

    /** Decodes one message already read as text. */
    public JsonRpc decode(String text) throws MessageDecodeException {
        return fromJson(parse(text));
    }

    /**
     * Reads one JSON value as strictly as messages are read: no data after it, no duplicate member
     * names, no nesting deeper than the limit. Failures are {@code -32700}.
     */
    public JsonValue parse(String text) throws MessageDecodeException {
        JsonValue value;
        try (JsonParser parser = parsers.createParser(new StringReader(text))) {
            if (!parser.hasNext()) {
                throw new MessageDecodeException(JsonRpc.PARSE_ERROR, "parse error: empty message", null);
            }
            value = readValue(parser, parser.next(), 1);
            if (parser.hasNext()) {
                throw new MessageDecodeException(JsonRpc.PARSE_ERROR, "parse error: data after the JSON value", null);
            }
        } catch (JsonParsingException e) {
            throw new MessageDecodeException(JsonRpc.PARSE_ERROR, "parse error: " + e.getMessage(), null);
        } catch (JsonException | IllegalStateException | NoSuchElementException e) {
            throw new MessageDecodeException(JsonRpc.PARSE_ERROR, "parse error: invalid JSON", null);
        } catch (RuntimeException e) {
            // some providers report their own limits (nesting, number size) as bare runtime exceptions
            throw new MessageDecodeException(JsonRpc.PARSE_ERROR, "parse error: " + e.getMessage(), null);
        }
        return value;
    }

    /** Builds the value that starts at {@code event}, refusing an object with a duplicate member name. */
    private JsonValue readValue(JsonParser parser, JsonParser.Event event, int depth) throws MessageDecodeException {
        if ((event == JsonParser.Event.START_OBJECT || event == JsonParser.Event.START_ARRAY) && depth > maxDepth) {
            throw new MessageDecodeException(JsonRpc.PARSE_ERROR,
                    "parse error: nested deeper than " + maxDepth + " levels", null);
        }
        switch (event) {
            case START_OBJECT -> {
                JsonObjectBuilder object = json.createObjectBuilder();
                Set<String> names = new HashSet<>();
                for (JsonParser.Event e = parser.next(); e != JsonParser.Event.END_OBJECT; e = parser.next()) {
                    String name = wellFormed(parser.getString());
                    if (!names.add(name)) {
                        throw new MessageDecodeException(JsonRpc.PARSE_ERROR,
                                "parse error: duplicate member \"" + name + "\"", null);
                    }
                    object.add(name, readValue(parser, parser.next(), depth + 1));
                }
                return object.build();
            }
            case START_ARRAY -> {
                JsonArrayBuilder array = json.createArrayBuilder();
                for (JsonParser.Event e = parser.next(); e != JsonParser.Event.END_ARRAY; e = parser.next()) {
                    array.add(readValue(parser, e, depth + 1));
                }
                return array.build();
            }
            case VALUE_STRING -> {
                return json.createValue(wellFormed(parser.getString()));
            }
            default -> {
                return parser.getValue();
            }
        }
    }

    /**
     * Refuses a string holding an unpaired surrogate (a lone {@code \\ud800}-style escape): UTF-8 cannot
     * carry it, so it could not be written back as it was read (RFC 7493 §2.1).
     */
    private static String wellFormed(String text) throws MessageDecodeException {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new MessageDecodeException(JsonRpc.PARSE_ERROR, "parse error: a string with an unpaired surrogate", null);
            }
        }
        return text;
    }

    /** Reads a JSON-RPC message from a parsed JSON value. */
    public JsonRpc fromJson(JsonValue value) throws MessageDecodeException {
        if (value instanceof JsonArray) {
            throw invalid("batches are not supported", null);
        }
        if (!(value instanceof JsonObject object)) {
            throw invalid("a message is a JSON object", null);
        }
        JsonValue rawId = object.get("id");
        JsonValue id = rawId != null && JsonRpc.isValidId(rawId) ? rawId : null;

        JsonValue version = object.get("jsonrpc");
        if (!(version instanceof JsonString s) || !JsonRpc.VERSION.equals(s.getString())) {
            throw invalid("jsonrpc must be \"2.0\"", id);
        }
        if (object.containsKey("method")) {
            return requestOrNotification(object, rawId, id);
        }
        return response(object, rawId, id);
    }

    private static JsonRpc requestOrNotification(JsonObject object, JsonValue rawId, JsonValue id)
            throws MessageDecodeException {
        if (!(object.get("method") instanceof JsonString method)) {
            throw invalid("method must be a string", id);
        }
        JsonValue params = object.get("params");
        if (params != null && !(params instanceof JsonObject) && !(params instanceof JsonArray)) {
            throw invalid("params must be an object or an array", id);
        }
        if (rawId == null) {
            return new JsonRpc.Notification(method.getString(), params);
        }
        if (id == null) {
            throw invalid("a request id is a string or a number", null);
        }
        return new JsonRpc.Request(id, method.getString(), params);
    }

    private static JsonRpc response(JsonObject object, JsonValue rawId, JsonValue id) throws MessageDecodeException {
        if (rawId == null) {
            throw invalid("a message has a method (request) or an id (response)", null);
        }
        if (id == null && rawId.getValueType() != JsonValue.ValueType.NULL) {
            throw invalid("a response id is a string, a number or null", null);
        }
        JsonValue responseId = id == null ? JsonValue.NULL : id;
        boolean hasResult = object.containsKey("result");
        boolean hasError = object.containsKey("error");
        if (hasResult == hasError) {
            throw invalid("a response has exactly one of result and error", id);
        }
        if (hasResult) {
            return JsonRpc.Response.result(responseId, object.get("result"));
        }
        return JsonRpc.Response.error(responseId, error(object.get("error"), id));
    }

    private static JsonRpc.Error error(JsonValue value, JsonValue id) throws MessageDecodeException {
        if (!(value instanceof JsonObject error)) {
            throw invalid("error must be an object", id);
        }
        if (!(error.get("code") instanceof JsonNumber code) || !code.isIntegral()) {
            throw invalid("error.code must be an integer", id);
        }
        int intCode;
        try {
            intCode = code.bigIntegerValueExact().intValueExact();
        } catch (ArithmeticException e) {
            throw invalid("error.code is out of range", id);
        }
        if (!(error.get("message") instanceof JsonString message)) {
            throw invalid("error.message must be a string", id);
        }
        return new JsonRpc.Error(intCode, message.getString(), error.get("data"));
    }

    private static MessageDecodeException invalid(String why, JsonValue id) {
        return new MessageDecodeException(JsonRpc.INVALID_REQUEST, "invalid request: " + why, id);
    }

    private JsonObject errorJson(JsonRpc.Error error) {
        JsonObjectBuilder b = json.createObjectBuilder()
                .add("code", error.code())
                .add("message", error.message());
        if (error.data() != null) {
            b.add("data", error.data());
        }
        return b.build();
    }

    /** The message as compact JSON text. */
    public String encodeToString(JsonRpc message) {
        return generated(g -> write(g, message));
    }

    /**
     * The message as UTF-8 JSON bytes: one application message. Written as text first: a generator on a
     * byte stream wraps it in an {@code OutputStreamWriter}, whose encoder and 8 KiB buffer cost more per
     * message than encoding the finished text.
     */
    public byte[] encode(JsonRpc message) {
        return encodeToString(message).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * One application message for a link: in the binary form ({@link BinaryBoxes}) when {@code binaryBoxes},
     * the link's two ends having agreed on it, and the message holds a box in binary; else as
     * {@link #encode(JsonRpc)}.
     */
    public byte[] encode(JsonRpc message, boolean binaryBoxes) {
        return binaryBoxes ? BinaryBoxes.encode(this, message) : encode(message);
    }

    /** A JSON value as compact UTF-8 text, as {@link #encode} writes it where it is a message's member. */
    public byte[] encodeValue(JsonValue value) {
        return generated(g -> g.write(value)).getBytes(StandardCharsets.UTF_8);
    }

    private String generated(Consumer<JsonGenerator> writing) {
        StringWriter out = new StringWriter();
        try (JsonGenerator generator = generators.createGenerator(out)) {
            writing.accept(generator);
        }
        return out.toString();
    }

    /** Writes the envelope member by member: {@code jsonrpc}, then {@code id}, {@code method}, {@code params}, {@code result} or {@code error}. */
    private void write(JsonGenerator g, JsonRpc message) {
        g.writeStartObject().write("jsonrpc", JsonRpc.VERSION);
        if (message instanceof JsonRpc.Request r) {
            g.write("id", r.id()).write("method", r.method());
            if (r.params() != null) {
                g.write("params", r.params());
            }
        } else if (message instanceof JsonRpc.Notification n) {
            g.write("method", n.method());
            if (n.params() != null) {
                g.write("params", n.params());
            }
        } else {
            JsonRpc.Response r = (JsonRpc.Response) message;
            g.write("id", r.id());
            if (r.isError()) {
                g.write("error", errorJson(r.error()));
            } else {
                g.write("result", r.result());
            }
        }
        g.writeEnd();
    }
}
