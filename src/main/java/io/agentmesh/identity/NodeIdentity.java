package io.agentmesh.identity;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;

/**
 * A node's long-term Ed25519 identity key pair (wire-v1 §1): signs the Noise static key in the
 * identity payload (§3) and names the node through its {@link NodeId}. Immutable; the private key
 * never appears in {@link #toString()}.
 */
public final class NodeIdentity {

    /** Length of the private key seed (RFC 8032 §5.1.5). */
    public static final int SEED_LENGTH = 32;

    private final byte[] seed;
    private final byte[] publicKey;
    private final NodeId nodeId;

    private NodeIdentity(byte[] seed) {
        this.seed = seed;
        this.publicKey = new byte[Ed25519.PUBLIC_KEY_LENGTH];
        org.bouncycastle.math.ec.rfc8032.Ed25519.generatePublicKey(seed, 0, publicKey, 0);
        this.nodeId = NodeId.fromIdentityKey(publicKey);
    }

    /** Creates a fresh identity from {@code random}. */
    public static NodeIdentity generate(SecureRandom random) {
        Objects.requireNonNull(random, "random");
        byte[] seed = new byte[SEED_LENGTH];
        org.bouncycastle.math.ec.rfc8032.Ed25519.generatePrivateKey(random, seed);
        return new NodeIdentity(seed);
    }

    /** The identity whose private key is the 32-byte RFC 8032 seed {@code seed32} (copied). */
    public static NodeIdentity fromPrivateKey(byte[] seed32) {
        Objects.requireNonNull(seed32, "seed32");
        if (seed32.length != SEED_LENGTH) {
            throw new IllegalArgumentException("an Ed25519 private key seed has 32 bytes, not " + seed32.length);
        }
        return new NodeIdentity(seed32.clone());
    }

    /** The node id derived from the public key (wire-v1 §1). */
    public NodeId nodeId() {
        return nodeId;
    }

    /** A copy of the raw 32-byte public key. */
    public byte[] publicKey() {
        return publicKey.clone();
    }

    /** The public key as base64url without padding, as in the identity payload. */
    public String publicKeyBase64Url() {
        return Base64Url.encode(publicKey);
    }

    /** The 64-byte Ed25519 signature of {@code message} (RFC 8032 §5.1.6). */
    public byte[] sign(byte[] message) {
        Objects.requireNonNull(message, "message");
        byte[] signature = new byte[Ed25519.SIGNATURE_LENGTH];
        org.bouncycastle.math.ec.rfc8032.Ed25519.sign(seed, 0, publicKey, 0, message, 0, message.length, signature, 0);
        return signature;
    }

    /** A copy of the private key seed, for the key store only. */
    byte[] seed() {
        return seed.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NodeIdentity other && Arrays.equals(publicKey, other.publicKey);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(publicKey);
    }

    @Override
    public String toString() {
        return "NodeIdentity[" + nodeId + ", publicKey=" + publicKeyBase64Url() + "]";
    }
}
