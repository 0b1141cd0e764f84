package io.agentmesh.session;

import io.agentmesh.identity.Base64Url;
import jakarta.json.JsonString;
import java.util.Objects;

/**
 * A JSON string whose text is the base64url ({@link Base64Url}) of bytes it holds: a sealed box as
 * a message member. It equals any {@link JsonString} of the same text, and writes as that text; code that
 * wants the bytes takes them with {@link #bytes()} instead of decoding the text, and a link that carries
 * boxes in binary (docs/protocol.md, "Binary boxes") sends them without the text ever being made.
 * Immutable and thread-safe.
 */
public final class Base64UrlString implements JsonString {

    private final byte[] bytes;
    private volatile String text;

    /** Holds {@code bytes} as they are (not copied): the caller no longer changes them. */
    public Base64UrlString(byte[] bytes) {
        this.bytes = Objects.requireNonNull(bytes, "bytes");
    }

    /** The bytes themselves (not a copy): callers only read them. */
    public byte[] bytes() {
        return bytes;
    }

    @Override
    public String getString() {
        String encoded = text;
        if (encoded == null) {
            encoded = Base64Url.encode(bytes);
            text = encoded;
        }
        return encoded;
    }

    @Override
    public CharSequence getChars() {
        return getString();
    }

    @Override
    public ValueType getValueType() {
        return ValueType.STRING;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JsonString other && getString().equals(other.getString());
    }

    @Override
    public int hashCode() {
        return getString().hashCode();
    }

    /** The JSON text: the base64url text in quotes (it needs no escapes). */
    @Override
    public String toString() {
        return '"' + getString() + '"';
    }
}
