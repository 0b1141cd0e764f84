package io.agentmesh.node;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Liberty's password encodings in configuration files, as {@code securityUtility encode} writes them:
 * <ul>
 *   <li>{@code {xor}}: each UTF-8 byte XOR 0x5F, then base64; reversible (for passwords Liberty must
 *       use, such as a keystore's);</li>
 *   <li>{@code {hash}}: one-way, accepted by the basic registry for its users' passwords:
 *       PBKDF2WithHmacSHA512 over the UTF-8 password with a random 32-byte salt, 6384 iterations (Liberty's
 *       default, not written in the value), 32 bytes of output; the value is base64 of the byte 1, then
 *       the fields algorithm (tag 0x10), salt (0x30) and hash (0x40), each tag followed by a 4-byte
 *       big-endian length and the bytes. Checked against the values securityUtility of Liberty 26.0.0.3
 *       produces (LibertyPasswordsTest).</li>
 * </ul>
 */
final class LibertyPasswords {

    private static final String XOR = "{xor}";
    private static final String HASH = "{hash}";
    private static final String ALGORITHM = "PBKDF2WithHmacSHA512";
    private static final int ITERATIONS = 6384;
    private static final int SALT_BYTES = 32;
    private static final int HASH_BYTES = 32;
    private static final byte VERSION = 1;
    private static final byte TAG_ALGORITHM = 0x10;
    private static final byte TAG_SALT = 0x30;
    private static final byte TAG_HASH = 0x40;

    /** A {@code {hash}} value taken apart. */
    private record Hashed(String algorithm, byte[] salt, byte[] hash) {
    }

    private LibertyPasswords() {
    }

    static String xorEncode(String password) {
        byte[] bytes = password.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] ^= 0x5F;
        }
        return XOR + Base64.getEncoder().encodeToString(bytes);
    }

    /** True for a {@code {hash}} value, whose password cannot be recovered. */
    static boolean isHash(String value) {
        return value.startsWith(HASH);
    }

    /**
     * The plain password: {@code {xor}} decoded, anything else but a hash as it stands.
     *
     * @throws IllegalArgumentException for a {@code {hash}} value, or a malformed one
     */
    static String decode(String value) {
        if (isHash(value)) {
            throw new IllegalArgumentException("a {hash} password cannot be decoded");
        }
        if (!value.startsWith(XOR)) {
            return value;
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(value.substring(XOR.length()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a {xor} password is not base64");
        }
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] ^= 0x5F;
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Liberty's {@code {hash}} of {@code password}, with a new salt from {@code random}. */
    static String hash(String password, SecureRandom random) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] hash = pbkdf2(password, salt);
        byte[] algorithm = ALGORITHM.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer out = ByteBuffer.allocate(1 + 3 * 5 + algorithm.length + salt.length + hash.length);
        out.put(VERSION);
        field(out, TAG_ALGORITHM, algorithm);
        field(out, TAG_SALT, salt);
        field(out, TAG_HASH, hash);
        Arrays.fill(hash, (byte) 0);
        return HASH + Base64.getEncoder().encodeToString(out.array());
    }

    /** True when {@code password} is the one {@code hashValue} was made of (compared in constant time). */
    static boolean matches(String password, String hashValue) {
        Hashed h = parse(hashValue);
        if (!h.algorithm().equals(ALGORITHM) || h.hash().length != HASH_BYTES) {
            return false;
        }
        byte[] candidate = pbkdf2(password, h.salt());
        try {
            return MessageDigest.isEqual(candidate, h.hash());
        } finally {
            Arrays.fill(candidate, (byte) 0);
        }
    }

    /**
     * Checks that a stored value is one Liberty reads: {@code {hash}} well formed, {@code {xor}} base64.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    static void requireReadable(String value) {
        if (isHash(value)) {
            parse(value);
        } else {
            decode(value);
        }
    }

    private static void field(ByteBuffer out, byte tag, byte[] value) {
        out.put(tag).putInt(value.length).put(value);
    }

    private static Hashed parse(String value) {
        if (!isHash(value)) {
            throw new IllegalArgumentException("not a {hash} password");
        }
        try {
            ByteBuffer in = ByteBuffer.wrap(Base64.getDecoder().decode(value.substring(HASH.length())));
            if (in.get() != VERSION) {
                throw new IllegalArgumentException("a {hash} password of an unknown version");
            }
            byte[] algorithm = read(in, TAG_ALGORITHM);
            byte[] salt = read(in, TAG_SALT);
            byte[] hash = read(in, TAG_HASH);
            return new Hashed(new String(algorithm, StandardCharsets.US_ASCII), salt, hash);
        } catch (IllegalArgumentException | java.nio.BufferUnderflowException e) {
            throw new IllegalArgumentException("a {hash} password is malformed");
        }
    }

    private static byte[] read(ByteBuffer in, byte tag) {
        if (in.get() != tag) {
            throw new IllegalArgumentException("unexpected field");
        }
        int length = in.getInt();
        if (length < 0 || length > in.remaining()) {
            throw new IllegalArgumentException("bad field length");
        }
        byte[] value = new byte[length];
        in.get(value);
        return value;
    }

    private static byte[] pbkdf2(String password, byte[] salt) {
        char[] chars = password.toCharArray(); // the JDK's PBKDF2 takes the password's UTF-8 bytes, as Liberty
        PBEKeySpec spec = new PBEKeySpec(chars, salt, ITERATIONS, HASH_BYTES * 8);
        try {
            return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is not available: " + e.getMessage(), e);
        } finally {
            spec.clearPassword();
            Arrays.fill(chars, '\0');
        }
    }
}
