package io.agentmesh.noise;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A Diffie-Hellman key pair (Noise rev 34 §4.1, {@code GENERATE_KEYPAIR}). Both arrays are copied in
 * and out; {@link #toString()} hides the private key; {@link #destroy()} wipes this pair's copy of it.
 */
public record DhKeyPair(byte[] privateKey, byte[] publicKey) {

    public DhKeyPair {
        Objects.requireNonNull(privateKey, "privateKey");
        Objects.requireNonNull(publicKey, "publicKey");
        privateKey = privateKey.clone();
        publicKey = publicKey.clone();
    }

    /** A copy of the private key. */
    @Override
    public byte[] privateKey() {
        return privateKey.clone();
    }

    /** A copy of the public key. */
    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    /** The private key itself, not a copy: for the DH functions of this package only. */
    byte[] privateKeyBytes() {
        return privateKey;
    }

    /** The public key itself, not a copy: for this package only. */
    byte[] publicKeyBytes() {
        return publicKey;
    }

    /** Overwrites this pair's copy of the private key with zeros. */
    public void destroy() {
        Arrays.fill(privateKey, (byte) 0);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DhKeyPair other
                && Arrays.equals(publicKey, other.publicKey)
                && MessageDigest.isEqual(privateKey, other.privateKey);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(publicKey);
    }

    @Override
    public String toString() {
        return "DhKeyPair[publicKey=" + HexFormat.of().formatHex(publicKey) + ", privateKey=<hidden>]";
    }
}
