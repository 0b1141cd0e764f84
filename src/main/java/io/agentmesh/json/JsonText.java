package io.agentmesh.json;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Arrays;
import java.util.Map;

/**
 * Compact JSON text written straight into UTF-8 bytes: the bytes JSON-P's generator writes for the same
 * values (members in their order, no whitespace, the same escapes: {@code \"}, {@code \\}, {@code \b},
 * {@code \f}, {@code \n}, {@code \r}, {@code \t}, other characters below U+0020 as {@code \}{@code u00xx};
 * everything else as is, an unpaired surrogate as {@code ?} as {@link String#getBytes} has it), without the
 * generator's character-by-character writer, the text in between and its copy into bytes. Long strings
 * of plain ASCII, such as base64url, are copied in one pass. One writer builds one text; not thread-safe.
 */
public final class JsonText {

    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private byte[] buf;
    private int len;
    /** Per nesting level: whether the next value or member needs a comma first. */
    private boolean[] comma = new boolean[8];
    private int depth;

    /** A writer whose buffer starts at {@code capacity} bytes and grows as needed. */
    public JsonText(int capacity) {
        this.buf = new byte[Math.max(16, capacity)];
    }

    /** The compact UTF-8 JSON text of {@code value}. */
    public static byte[] utf8(JsonValue value) {
        return new JsonText(256).value(value).toBytes();
    }

    /** Opens an object, as a value (at the top, in an array) or after {@link #name}. */
    public JsonText startObject() {
        separate();
        put((byte) '{');
        push();
        return this;
    }

    /** Opens an array, as a value (at the top, in an array) or after {@link #name}. */
    public JsonText startArray() {
        separate();
        put((byte) '[');
        push();
        return this;
    }

    /** Closes the innermost object. */
    public JsonText endObject() {
        depth--;
        put((byte) '}');
        return this;
    }

    /** Closes the innermost array. */
    public JsonText endArray() {
        depth--;
        put((byte) ']');
        return this;
    }

    /** The name of the next member of the open object; its value follows. */
    public JsonText name(String name) {
        separate();
        string(name);
        put((byte) ':');
        comma[depth] = false;           // the value after the colon takes no comma; the one after it does
        return this;
    }

    /** One member of the open object. */
    public JsonText member(String name, JsonValue value) {
        name(name);
        value(value);
        return this;
    }

    /** One member of the open object, a string. */
    public JsonText member(String name, String value) {
        name(name);
        separate();
        string(value);
        return this;
    }

    /** A value: at the top, in an array, or after {@link #name}. */
    public JsonText value(JsonValue value) {
        switch (value.getValueType()) {
            case OBJECT -> {
                startObject();
                for (Map.Entry<String, JsonValue> e : ((JsonObject) value).entrySet()) {
                    member(e.getKey(), e.getValue());
                }
                endObject();
            }
            case ARRAY -> {
                startArray();
                for (JsonValue v : (JsonArray) value) {
                    value(v);
                }
                endArray();
            }
            case STRING -> {
                separate();
                string(((JsonString) value).getString());
            }
            default -> {                // numbers and literals: ASCII, as the generator writes them
                separate();
                ascii(value.toString());
            }
        }
        return this;
    }

    /** The text so far. */
    public byte[] toBytes() {
        return Arrays.copyOf(buf, len);
    }

    private void separate() {
        if (comma[depth]) {
            put((byte) ',');
        }
        comma[depth] = true;
    }

    private void push() {
        depth++;
        if (depth == comma.length) {
            comma = Arrays.copyOf(comma, depth * 2);
        }
        comma[depth] = false;
    }

    private void string(String s) {
        int n = s.length();
        ensure(n + 2);
        buf[len++] = '"';
        int i = 0;
        for (; i < n; i++) {        // the common case: printable ASCII with nothing to escape, copied as it is checked
            char c = s.charAt(i);
            if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\') {
                break;
            }
            buf[len + i] = (byte) c;
        }
        len += i;
        if (i < n) {
            escaped(s, i);
        }
        put((byte) '"');
    }

    private void escaped(String s, int from) {
        int n = s.length();
        for (int i = from; i < n; i++) {
            char c = s.charAt(i);
            ensure(12);
            if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
                buf[len++] = (byte) c;
            } else if (c < 0x20 || c == '"' || c == '\\') {
                escape(c);
            } else if (c < 0x800) {
                buf[len++] = (byte) (0xc0 | c >> 6);
                buf[len++] = (byte) (0x80 | c & 0x3f);
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                buf[len++] = (byte) (0xf0 | cp >> 18);
                buf[len++] = (byte) (0x80 | cp >> 12 & 0x3f);
                buf[len++] = (byte) (0x80 | cp >> 6 & 0x3f);
                buf[len++] = (byte) (0x80 | cp & 0x3f);
            } else if (Character.isSurrogate(c)) {
                buf[len++] = '?';
            } else {
                buf[len++] = (byte) (0xe0 | c >> 12);
                buf[len++] = (byte) (0x80 | c >> 6 & 0x3f);
                buf[len++] = (byte) (0x80 | c & 0x3f);
            }
        }
    }

    private void escape(char c) {
        buf[len++] = '\\';
        switch (c) {
            case '"' -> buf[len++] = '"';
            case '\\' -> buf[len++] = '\\';
            case '\b' -> buf[len++] = 'b';
            case '\f' -> buf[len++] = 'f';
            case '\n' -> buf[len++] = 'n';
            case '\r' -> buf[len++] = 'r';
            case '\t' -> buf[len++] = 't';
            default -> {
                buf[len++] = 'u';
                buf[len++] = '0';
                buf[len++] = '0';
                buf[len++] = HEX[c >> 4];
                buf[len++] = HEX[c & 0xf];
            }
        }
    }

    private void ascii(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            buf[len++] = (byte) s.charAt(i);
        }
    }

    private void put(byte b) {
        ensure(1);
        buf[len++] = b;
    }

    private void ensure(int more) {
        if (len + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
        }
    }
}
