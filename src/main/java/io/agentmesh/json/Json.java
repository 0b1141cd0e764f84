package io.agentmesh.json;

import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonWriter;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParser;
import java.io.InputStream;
import java.io.StringReader;
import java.io.OutputStream;
import java.io.Reader;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * The factory methods of {@link jakarta.json.Json}, over one {@link JsonProvider} looked up once.
 * {@code jakarta.json.Json} looks the provider up on every call (a {@code ServiceLoader} scan, and on
 * Liberty an OSGi check besides), which cost more than the rest of a mesh request; the node's code
 * imports this class instead. Same names, same results.
 */
public final class Json {

    private static final JsonProvider PROVIDER = JsonProvider.provider();

    private Json() {
    }

    /**
     * Reads exactly one JSON object from strict UTF-8 bytes, as the signed and handshake payloads of the
     * protocol are read (wire-v1 §3).
     *
     * @throws IllegalArgumentException naming the defect: {@code not UTF-8}, {@code not a JSON object},
     *     {@code content after the JSON object}, {@code bad JSON}, {@code bad JSON number}
     */
    public static JsonObject readStrictObject(byte[] utf8Json) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(utf8Json))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("not UTF-8");
        }
        try (JsonParser parser = createParser(new StringReader(text))) {
            if (!parser.hasNext() || parser.next() != JsonParser.Event.START_OBJECT) {
                throw new IllegalArgumentException("not a JSON object");
            }
            JsonObject object = parser.getObject();
            if (parser.hasNext()) {
                throw new IllegalArgumentException("content after the JSON object");
            }
            return object;
        } catch (JsonException | IllegalStateException | NoSuchElementException e) {
            throw new IllegalArgumentException("bad JSON");
        } catch (NumberFormatException e) {
            // the provider reads a number whose exponent BigDecimal cannot hold this way
            throw new IllegalArgumentException("bad JSON number");
        }
    }

    /** The provider every method here uses. */
    public static JsonProvider provider() {
        return PROVIDER;
    }

    public static JsonObjectBuilder createObjectBuilder() {
        return PROVIDER.createObjectBuilder();
    }

    public static JsonObjectBuilder createObjectBuilder(JsonObject object) {
        return PROVIDER.createObjectBuilder(object);
    }

    public static JsonObjectBuilder createObjectBuilder(Map<String, ?> map) {
        return PROVIDER.createObjectBuilder(map);
    }

    public static JsonArrayBuilder createArrayBuilder() {
        return PROVIDER.createArrayBuilder();
    }

    public static JsonArrayBuilder createArrayBuilder(JsonArray array) {
        return PROVIDER.createArrayBuilder(array);
    }

    public static JsonArrayBuilder createArrayBuilder(Collection<?> collection) {
        return PROVIDER.createArrayBuilder(collection);
    }

    public static JsonString createValue(String value) {
        return PROVIDER.createValue(value);
    }

    public static JsonNumber createValue(int value) {
        return PROVIDER.createValue(value);
    }

    public static JsonNumber createValue(long value) {
        return PROVIDER.createValue(value);
    }

    public static JsonNumber createValue(double value) {
        return PROVIDER.createValue(value);
    }

    public static JsonNumber createValue(BigDecimal value) {
        return PROVIDER.createValue(value);
    }

    public static JsonNumber createValue(BigInteger value) {
        return PROVIDER.createValue(value);
    }

    public static JsonReader createReader(Reader reader) {
        return PROVIDER.createReader(reader);
    }

    public static JsonReader createReader(InputStream in) {
        return PROVIDER.createReader(in);
    }

    public static JsonWriter createWriter(Writer writer) {
        return PROVIDER.createWriter(writer);
    }

    public static JsonWriter createWriter(OutputStream out) {
        return PROVIDER.createWriter(out);
    }

    public static JsonParser createParser(Reader reader) {
        return PROVIDER.createParser(reader);
    }

    public static JsonParser createParser(InputStream in) {
        return PROVIDER.createParser(in);
    }
}
