package io.agentmesh.identity;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
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
    private static final byte[] VALUES = values();

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
        byte[] latin1 = text.getBytes(StandardCharsets.ISO_8859_1);   // a character above U+00FF becomes '?'
        for (int i = 0; i < latin1.length; i++) {
            if (VALUES[latin1[i] & 0xff] < 0) {
                throw new IllegalArgumentException("not base64url: bad character at index " + i);
            }
        }
        int rem = latin1.length % 4;
        if (rem == 1) {
            throw new IllegalArgumentException("not base64url: impossible length " + latin1.length);
        }
        if (rem != 0) {
            int last = VALUES[latin1[latin1.length - 1] & 0xff];
            int unusedBits = rem == 2 ? 4 : 2;
            if ((last & ((1 << unusedBits) - 1)) != 0) {
                throw new IllegalArgumentException("not base64url: non-zero trailing bits");
            }
        }
        return DECODER.decode(latin1);
    }

    /**
     * The 6-bit value of each byte in the url alphabet, -1 for any other byte: looked up rather than tested
     * range by range, whose branches the varied characters of random data mispredict about once a character.
     */
    private static byte[] values() {
        byte[] values = new byte[256];
        Arrays.fill(values, (byte) -1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        for (int i = 0; i < alphabet.length(); i++) {
            values[alphabet.charAt(i)] = (byte) i;
        }
        return values;
    }
}
