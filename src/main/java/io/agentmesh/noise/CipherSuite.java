package io.agentmesh.noise;

import java.security.SecureRandom;

/**
 * The crypto functions of a Noise protocol (Noise rev 34 §4): DH functions, cipher functions and hash
 * functions, named like {@code 25519_AESGCM_SHA256}. Implementations are immutable and thread-safe;
 * the {@link Aead} engines they create are not.
 */
public interface CipherSuite {

    /** {@code Noise_*_25519_AESGCM_SHA256}: X25519 (Bouncy Castle), AES-256-GCM (JDK), SHA-256 (JDK). */
    CipherSuite X25519_AESGCM_SHA256 = new X25519AesGcmSha256();

    /** The suite's part of the protocol name, e.g. {@code 25519_AESGCM_SHA256}. */
    default String name() {
        return dhName() + "_" + cipherName() + "_" + hashName();
    }

    /** Name of the DH functions, e.g. {@code 25519}. */
    String dhName();

    /** Name of the cipher functions, e.g. {@code AESGCM}. */
    String cipherName();

    /** Name of the hash functions, e.g. {@code SHA256}. */
    String hashName();

    // --- DH functions (§4.1)

    /** {@code DHLEN}: length of public keys and DH outputs. */
    int dhLen();

    /** {@code GENERATE_KEYPAIR()}, from {@code random}. */
    DhKeyPair generateKeyPair(SecureRandom random);

    /** The key pair whose private key is {@code privateKey} (its public key derived). */
    DhKeyPair keyPairFromPrivate(byte[] privateKey);

    /**
     * {@code DH(key_pair, public_key)}.
     *
     * @throws NoiseException with {@link NoiseException.Reason#LOW_ORDER} when the result is all zeros,
     *     or when {@code remotePublic} has the wrong length
     */
    byte[] dh(DhKeyPair local, byte[] remotePublic) throws NoiseException;

    // --- cipher functions (§4.2)

    /** A new, unkeyed cipher engine; each {@link CipherState} owns one. */
    Aead newAead();

    // --- hash functions (§4.3)

    /** {@code HASHLEN}. */
    int hashLen();

    /** {@code BLOCKLEN}. */
    int blockLen();

    /** {@code HASH(parts[0] || parts[1] || ...)}. */
    byte[] hash(byte[]... parts);

    /** {@code HMAC-HASH(key, parts[0] || parts[1] || ...)} (RFC 2104). */
    byte[] hmac(byte[] key, byte[]... parts);

    /**
     * {@code HKDF(chaining_key, input_key_material, num_outputs)} of §4.3: {@code numOutputs} (2 or 3)
     * outputs of {@code HASHLEN} bytes each.
     */
    byte[][] hkdf(byte[] chainingKey, byte[] inputKeyMaterial, int numOutputs);
}
