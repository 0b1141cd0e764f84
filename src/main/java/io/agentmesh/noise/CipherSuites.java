package io.agentmesh.noise;

import java.util.List;
import java.util.Objects;

/**
 * The cipher suites this implementation offers, looked up by the names of Noise rev 34 §8 (protocol
 * names such as {@code Noise_XX_25519_AESGCM_SHA256}). Only {@code 25519_AESGCM_SHA256} is offered.
 */
public final class CipherSuites {

    private static final List<CipherSuite> ALL = List.of(CipherSuite.X25519_AESGCM_SHA256);

    private CipherSuites() {
    }

    /** {@code 25519_AESGCM_SHA256}. */
    public static CipherSuite x25519AesGcmSha256() {
        return CipherSuite.X25519_AESGCM_SHA256;
    }

    /**
     * The suite with these DH, cipher and hash names, e.g. {@code ("25519", "AESGCM", "SHA256")}.
     *
     * @throws IllegalArgumentException when no such suite is offered
     */
    public static CipherSuite byNames(String dh, String cipher, String hash) {
        Objects.requireNonNull(dh, "dh");
        Objects.requireNonNull(cipher, "cipher");
        Objects.requireNonNull(hash, "hash");
        for (CipherSuite suite : ALL) {
            if (suite.dhName().equals(dh) && suite.cipherName().equals(cipher) && suite.hashName().equals(hash)) {
                return suite;
            }
        }
        throw new IllegalArgumentException("unsupported Noise cipher suite " + dh + "_" + cipher + "_" + hash);
    }

    /**
     * The suite named like {@code 25519_AESGCM_SHA256}.
     *
     * @throws IllegalArgumentException when the name is malformed or no such suite is offered
     */
    public static CipherSuite byName(String name) {
        Objects.requireNonNull(name, "name");
        String[] parts = name.split("_", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("a cipher suite name is DH_CIPHER_HASH: " + name);
        }
        return byNames(parts[0], parts[1], parts[2]);
    }
}
