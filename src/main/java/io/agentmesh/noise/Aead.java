package io.agentmesh.noise;

/**
 * One keyed AEAD cipher engine (Noise rev 34 §4.2, {@code ENCRYPT(k, n, ad, plaintext)} and
 * {@code DECRYPT(k, n, ad, ciphertext)}). A {@link CipherState} owns one and reuses it for every
 * message. Not thread-safe.
 */
public interface Aead {

    /** Sets the 32-byte key; replaces any previous key. */
    void init(byte[] key);

    /** Length of the authentication tag appended to each ciphertext. */
    int tagLength();

    /**
     * Encrypts {@code len} bytes of {@code in} at {@code inOff} with nonce {@code n} (unsigned) and
     * writes ciphertext and tag to {@code out} at {@code outOff}; returns {@code len + tagLength()}.
     */
    int encrypt(long n, byte[] ad, byte[] in, int inOff, int len, byte[] out, int outOff) throws NoiseException;

    /**
     * Decrypts and authenticates {@code len} bytes of ciphertext and tag; writes the plaintext to
     * {@code out} at {@code outOff} and returns its length.
     *
     * @throws NoiseException with {@link NoiseException.Reason#DECRYPT_FAILED} when authentication fails
     */
    int decrypt(long n, byte[] ad, byte[] in, int inOff, int len, byte[] out, int outOff) throws NoiseException;

    /** Forgets the key as far as the platform allows. */
    void destroy();
}
