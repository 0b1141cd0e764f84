package io.agentmesh.noise;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * The SymmetricState object of Noise rev 34 §5.2: a CipherState, the chaining key {@code ck} and the
 * handshake hash {@code h}. Not thread-safe.
 */
public final class SymmetricState {

    private final CipherSuite suite;
    private final CipherState cipherState;
    private byte[] ck;
    private byte[] h;

    /** {@code InitializeSymmetric(protocol_name)}. */
    public SymmetricState(CipherSuite suite, String protocolName) {
        this.suite = Objects.requireNonNull(suite, "suite");
        byte[] name = Objects.requireNonNull(protocolName, "protocolName").getBytes(StandardCharsets.US_ASCII);
        this.h = name.length <= suite.hashLen() ? Arrays.copyOf(name, suite.hashLen()) : suite.hash(name);
        this.ck = h.clone();
        this.cipherState = new CipherState(suite);
    }

    /** {@code MixKey(input_key_material)}. */
    public void mixKey(byte[] inputKeyMaterial) {
        byte[][] out = suite.hkdf(ck, inputKeyMaterial, 2);
        try {
            Arrays.fill(ck, (byte) 0);
            ck = out[0];
            cipherState.initializeKey(truncate(out[1]));
        } finally {
            Arrays.fill(out[1], (byte) 0);
        }
    }

    /** {@code MixHash(data)}. */
    public void mixHash(byte[] data) {
        h = suite.hash(h, data);
    }

    /** {@code MixKeyAndHash(input_key_material)} (used by PSK modifiers). */
    public void mixKeyAndHash(byte[] inputKeyMaterial) {
        byte[][] out = suite.hkdf(ck, inputKeyMaterial, 3);
        try {
            Arrays.fill(ck, (byte) 0);
            ck = out[0];
            mixHash(out[1]);
            cipherState.initializeKey(truncate(out[2]));
        } finally {
            Arrays.fill(out[2], (byte) 0);
        }
    }

    /** {@code GetHandshakeHash()}: a copy of {@code h}. */
    public byte[] handshakeHash() {
        return h.clone();
    }

    /** True when the CipherState has a key. */
    public boolean hasKey() {
        return cipherState.hasKey();
    }

    /** {@code EncryptAndHash(plaintext)}. */
    public byte[] encryptAndHash(byte[] plaintext) throws NoiseException {
        byte[] ciphertext = cipherState.encryptWithAd(h, plaintext);
        mixHash(ciphertext);
        return ciphertext;
    }

    /** {@code DecryptAndHash(ciphertext)}. */
    public byte[] decryptAndHash(byte[] ciphertext) throws NoiseException {
        byte[] plaintext = cipherState.decryptWithAd(h, ciphertext);
        mixHash(ciphertext);
        return plaintext;
    }

    /** {@code Split()}: (c1, c2) from {@code HKDF(ck, zerolen, 2)}. */
    public CipherStatePair split() {
        byte[][] out = suite.hkdf(ck, new byte[0], 2);
        try {
            CipherState c1 = new CipherState(suite);
            c1.initializeKey(truncate(out[0]));
            CipherState c2 = new CipherState(suite);
            c2.initializeKey(truncate(out[1]));
            return new CipherStatePair(c1, c2);
        } finally {
            Arrays.fill(out[0], (byte) 0);
            Arrays.fill(out[1], (byte) 0);
        }
    }

    /** Wipes the chaining key and the CipherState's key; {@code h} stays readable. */
    public void destroy() {
        Arrays.fill(ck, (byte) 0);
        cipherState.destroy();
    }

    /** Cipher keys are 32 bytes: a 64-byte hash output is cut (§5.2). */
    private static byte[] truncate(byte[] key) {
        return key.length == 32 ? key : Arrays.copyOf(key, 32);
    }
}
