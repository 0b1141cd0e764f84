package io.agentmesh.noise;

import java.util.Objects;

/**
 * A Noise protocol: handshake pattern plus cipher suite, named as in Noise rev 34 §8, e.g.
 * {@code Noise_XX_25519_AESGCM_SHA256} (wire-v1 §3).
 */
public record NoiseProtocol(HandshakePattern pattern, CipherSuite suite) {

    /** The protocol of wire-v1 §3. */
    public static final NoiseProtocol AGENTMESH_V1 =
            new NoiseProtocol(HandshakePattern.XX, CipherSuite.X25519_AESGCM_SHA256);

    public NoiseProtocol {
        Objects.requireNonNull(pattern, "pattern");
        Objects.requireNonNull(suite, "suite");
    }

    /**
     * Parses {@code Noise_<pattern>_<dh>_<cipher>_<hash>}.
     *
     * @throws IllegalArgumentException when malformed or not supported (pattern modifiers such as
     *     {@code psk0} are not)
     */
    public static NoiseProtocol parse(String name) {
        Objects.requireNonNull(name, "name");
        String[] parts = name.split("_", -1);
        if (parts.length != 5 || !"Noise".equals(parts[0])) {
            throw new IllegalArgumentException("a Noise protocol name is Noise_PATTERN_DH_CIPHER_HASH: " + name);
        }
        return new NoiseProtocol(HandshakePattern.byName(parts[1]), CipherSuites.byNames(parts[2], parts[3], parts[4]));
    }

    /** The protocol name, e.g. {@code Noise_XX_25519_AESGCM_SHA256}. */
    public String name() {
        return "Noise_" + pattern.name() + "_" + suite.name();
    }

    @Override
    public String toString() {
        return name();
    }
}
