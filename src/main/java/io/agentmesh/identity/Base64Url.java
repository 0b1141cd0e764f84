package io.agentmesh.identity;

import java.util.Base64;
import java.util.Objects;

/**
 * base64url without padding (RFC 4648 §5), as wire-v1 uses it for keys and signatures.
 *
 * <p>{@link #decode(String)} is strict: it accepts only the canonical encoding, so every byte string
 * has exactly one text form. It rejects padding, whitespace, characters outside the url alphabet,
 * impossible lengths ({@code length % 4 == 1}) and non-zero trailing bits.
 */
public final class Base64Url {

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private Base64Url() {
    }

    /** Encodes {@code data} as base64url without padding. */
    public static String encode(byte[] data) {
        Objects.requireNonNull(data, "data");
        return ENCODER.encodeToString(data);
    }

    /**
     * Decodes canonical base64url without padding.
     *
     * @throws IllegalArgumentException on padding, whitespace, a character outside {@code [A-Za-z0-9_-]},
     *     a length that no byte string encodes to, or non-zero trailing bits
     */
    public static byte[] decode(String text) {
        Objects.requireNonNull(text, "text");
        for (int i = 0; i < text.length(); i++) {
            if (value(text.charAt(i)) < 0) {
                throw new IllegalArgumentException("not base64url: bad character at index " + i);
            }
        }
        int rem = text.length() % 4;
        if (rem == 1) {
            throw new IllegalArgumentException("not base64url: impossible length " + text.length());
        }
        if (rem != 0) {
            int last = value(text.charAt(text.length() - 1));
            int unusedBits = rem == 2 ? 4 : 2;
            if ((last & ((1 << unusedBits) - 1)) != 0) {
                throw new IllegalArgumentException("not base64url: non-zero trailing bits");
            }
        }
        return DECODER.decode(text);
    }

    private static int value(char c) {
        if (c >= 'A' && c <= 'Z') {
            return c - 'A';
        }
        if (c >= 'a' && c <= 'z') {
            return c - 'a' + 26;
        }
        if (c >= '0' && c <= '9') {
            return c - '0' + 52;
        }
        if (c == '-') {
            return 62;
        }
        if (c == '_') {
            return 63;
        }
        return -1;
    }
}
