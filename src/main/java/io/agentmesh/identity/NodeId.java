package io.agentmesh.identity;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A node id (wire-v1 §1): lowercase hex of the first 20 bytes of SHA-256 of the raw 32-byte Ed25519
 * identity public key, 40 characters {@code [0-9a-f]}. Ordered as strings (§5.6 compares ids so).
 */
public record NodeId(String value) implements Comparable<NodeId> {

    /** Characters in a node id. */
    public static final int LENGTH = 40;

    public NodeId {
        Objects.requireNonNull(value, "value");
        if (!isNodeId(value)) {
            throw new IllegalArgumentException("a node id is 40 lowercase hex characters: " + value);
        }
    }

    /** Parses a node id; throws IllegalArgumentException unless it is 40 lowercase hex characters. */
    public static NodeId of(String value) {
        return new NodeId(value);
    }

    /** True when {@code value} has the form of a node id. */
    public static boolean isNodeId(String value) {
        if (value == null || value.length() != LENGTH) {
            return false;
        }
        for (int i = 0; i < LENGTH; i++) {
            char c = value.charAt(i);
            if ((c < '0' || c > '9') && (c < 'a' || c > 'f')) {
                return false;
            }
        }
        return true;
    }

    /** Derives the node id of a raw 32-byte Ed25519 public key. */
    public static NodeId fromIdentityKey(byte[] ed25519PublicKey) {
        if (ed25519PublicKey == null || ed25519PublicKey.length != 32) {
            throw new IllegalArgumentException("an Ed25519 public key has 32 bytes");
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(ed25519PublicKey);
            return new NodeId(HexFormat.of().formatHex(digest, 0, 20));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    @Override
    public int compareTo(NodeId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
