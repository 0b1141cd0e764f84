package io.agentmesh.noise;

import java.util.Arrays;
import java.util.Objects;

/**
 * The CipherState object of Noise rev 34 §5.1: a key {@code k} (or none) and a 64-bit nonce {@code n},
 * used unsigned. The nonce 2^64-1 is reserved: encrypting or decrypting at it throws
 * {@link NoiseException.Reason#NONCE_EXHAUSTED}. A failed decryption leaves {@code n} unchanged.
 * Every message, with its tag, is at most {@value #MAX_MESSAGE_LENGTH} bytes (§3).
 *
 * <p>One {@link Aead} engine (for AESGCM: one {@code javax.crypto.Cipher} and one {@code AesKey}) is reused
 * for every message. Not thread-safe: a link encrypts from one thread at a time and decrypts from one
 * thread at a time, with one CipherState per direction.
 */
public final class CipherState {

    /** Largest Noise message, ciphertext and tag included (§3). */
    public static final int MAX_MESSAGE_LENGTH = 65535;
    /** The reserved nonce 2^64-1, as a signed long. */
    static final long MAX_NONCE = -1L;
    private static final byte[] EMPTY = new byte[0];

    private final Aead aead;
    private final int tagLength;
    private boolean hasKey;
    private long n;
    private boolean destroyed;

    /** A CipherState with no key, for {@code suite}. */
    public CipherState(CipherSuite suite) {
        this.aead = Objects.requireNonNull(suite, "suite").newAead();
        this.tagLength = aead.tagLength();
    }

    /** {@code InitializeKey(key)}: sets the key (null for none) and {@code n = 0}. The caller may wipe {@code key}. */
    public void initializeKey(byte[] key) {
        if (destroyed) {
            throw new IllegalStateException("cipher state destroyed");
        }
        if (key == null) {
            hasKey = false;
        } else {
            aead.init(key);
            hasKey = true;
        }
        n = 0;
    }

    /** {@code HasKey()}. */
    public boolean hasKey() {
        return hasKey;
    }

    /** The next nonce, an unsigned 64-bit value. */
    public long nonce() {
        return n;
    }

    /** {@code SetNonce(nonce)}, unsigned ({@code -1L} is 2^64-1). */
    public void setNonce(long nonce) {
        n = nonce;
    }

    /** Bytes that encryption adds: the tag length with a key, else 0. */
    public int overhead() {
        return hasKey ? tagLength : 0;
    }

    /** {@code EncryptWithAd(ad, plaintext)}: the ciphertext with its tag, or the plaintext with no key. */
    public byte[] encryptWithAd(byte[] ad, byte[] plaintext) throws NoiseException {
        Objects.requireNonNull(plaintext, "plaintext");
        byte[] out = new byte[plaintext.length + overhead()];
        encryptWithAd(ad, plaintext, 0, plaintext.length, out, 0);
        return out;
    }

    /** {@code DecryptWithAd(ad, ciphertext)}: the plaintext, or the input itself with no key. */
    public byte[] decryptWithAd(byte[] ad, byte[] ciphertext) throws NoiseException {
        Objects.requireNonNull(ciphertext, "ciphertext");
        if (hasKey && ciphertext.length < tagLength) {
            checkUsable(ciphertext.length);
            throw new NoiseException(NoiseException.Reason.DECRYPT_FAILED,
                    "ciphertext of " + ciphertext.length + " bytes is shorter than the tag");
        }
        byte[] out = new byte[ciphertext.length - overhead()];
        int written = decryptWithAd(ad, ciphertext, 0, ciphertext.length, out, 0);
        return written == out.length ? out : Arrays.copyOf(out, written);
    }

    /**
     * Encrypts {@code len} bytes of {@code in} at {@code inOff} into {@code out} at {@code outOff}
     * (which needs {@code len + overhead()} bytes); returns the bytes written. With no key, copies.
     */
    public int encryptWithAd(byte[] ad, byte[] in, int inOff, int len, byte[] out, int outOff) throws NoiseException {
        checkNotDestroyed();
        if (len > MAX_MESSAGE_LENGTH - overhead()) {
            throw new NoiseException(NoiseException.Reason.MESSAGE_TOO_LONG,
                    "plaintext of " + len + " bytes exceeds " + (MAX_MESSAGE_LENGTH - overhead()));
        }
        if (!hasKey) {
            Objects.checkFromIndexSize(inOff, len, in.length);
            System.arraycopy(in, inOff, out, outOff, len);
            return len;
        }
        checkNonce();
        int written = aead.encrypt(n, ad == null ? EMPTY : ad, in, inOff, len, out, outOff);
        n++;
        return written;
    }

    /**
     * Decrypts {@code len} bytes of ciphertext and tag from {@code in} at {@code inOff} into {@code out}
     * at {@code outOff} (which needs {@code len - overhead()} bytes); returns the plaintext length.
     * With no key, copies. On failure {@code n} is unchanged.
     */
    public int decryptWithAd(byte[] ad, byte[] in, int inOff, int len, byte[] out, int outOff) throws NoiseException {
        checkUsable(len);
        if (!hasKey) {
            Objects.checkFromIndexSize(inOff, len, in.length);
            System.arraycopy(in, inOff, out, outOff, len);
            return len;
        }
        checkNonce();
        int written = aead.decrypt(n, ad == null ? EMPTY : ad, in, inOff, len, out, outOff);
        n++;
        return written;
    }

    /** {@code Rekey()} (§4.2, §11.3): {@code k = ENCRYPT(k, 2^64-1, "", zeros(32))[0:32]}; n is unchanged. */
    public void rekey() throws NoiseException {
        checkNotDestroyed();
        if (!hasKey) {
            throw new NoiseException(NoiseException.Reason.INVALID_STATE, "rekey without a key");
        }
        byte[] zeros = new byte[32];
        byte[] out = new byte[32 + tagLength];
        try {
            aead.encrypt(MAX_NONCE, EMPTY, zeros, 0, zeros.length, out, 0);
            aead.init(Arrays.copyOf(out, 32));
        } finally {
            Arrays.fill(out, (byte) 0);
        }
    }

    /** Wipes the key; every later encryption or decryption throws INVALID_STATE. */
    public void destroy() {
        destroyed = true;
        hasKey = false;
        aead.destroy();
    }

    private void checkUsable(int len) throws NoiseException {
        checkNotDestroyed();
        if (len > MAX_MESSAGE_LENGTH) {
            throw new NoiseException(NoiseException.Reason.MESSAGE_TOO_LONG,
                    "message of " + len + " bytes exceeds " + MAX_MESSAGE_LENGTH);
        }
    }

    private void checkNotDestroyed() throws NoiseException {
        if (destroyed) {
            throw new NoiseException(NoiseException.Reason.INVALID_STATE, "cipher state destroyed");
        }
    }

    private void checkNonce() throws NoiseException {
        if (n == MAX_NONCE) {
            throw new NoiseException(NoiseException.Reason.NONCE_EXHAUSTED, "nonce 2^64-1 is reserved");
        }
    }

    @Override
    public String toString() {
        return "CipherState[hasKey=" + hasKey + ", n=" + Long.toUnsignedString(n) + (destroyed ? ", destroyed" : "") + "]";
    }
}
